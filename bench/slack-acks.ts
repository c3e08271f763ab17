// Slack ack latency under a burst of signed requests: HTTP mode against the local fake Slack.
import { performance } from 'node:perf_hooks';
import { createSlackAdapter } from '../src/adapters/slack/slack-adapter.js';
import type { Bank } from '../src/bank/bank.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/core/logger.js';
import { openDatabase } from '../src/db/client.js';
import { createApp, slackServices } from '../src/main.js';
import {
  blockActionsPayload,
  createFakeSlack,
  FAKE_SLACK_IDS,
  interactionBody,
  postToReceiver,
  slashCommandBody,
  viewSubmissionPayload,
} from '../test/support/fake-slack.js';

export interface AckLatency {
  name: string;
  requests: number;
  p50: number;
  p99: number;
  max: number;
}

const SECRET = 'bench-secret';

export const summarize = (name: string, times: number[]): AckLatency => {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return { name, requests: sorted.length, p50: at(50), p99: at(99), max: sorted.at(-1) ?? 0 };
};

/** Fires `burst` concurrent signed requests of each kind and measures the time to each HTTP response (the ack). */
export async function measureSlackAcks(bank: Bank, burst = 50): Promise<AckLatency[]> {
  const users = Array.from({ length: burst }, (_, i) => ({ id: `U${i}`, name: `member${i}` }));
  const fake = await createFakeSlack({ users });
  const database = await openDatabase({ kind: 'pglite-memory' });
  await database.migrate();
  const app = await createApp({ config: loadConfig({}), logger: silentLogger, database, bank });
  const slack = createSlackAdapter({
    runtime: app.runtime,
    logger: silentLogger,
    botToken: FAKE_SLACK_IDS.botToken,
    signingSecret: SECRET,
    apiUrl: fake.apiUrl,
    port: 0,
    host: '127.0.0.1',
    retryConfig: { retries: 1, factor: 1, minTimeout: 0, maxTimeout: 0 },
    services: slackServices(app),
  });
  await slack.start();
  const url = `http://127.0.0.1:${slack.port}/slack/events`;
  const timed = async (body: string) => {
    const started = performance.now();
    const response = await postToReceiver(url, {
      body,
      contentType: 'application/x-www-form-urlencoded',
      signingSecret: SECRET,
      timestamp: Math.floor(Date.now() / 1000),
    });
    if (response.status !== 200) throw new Error(`status ${response.status}: ${response.text}`);
    return performance.now() - started;
  };
  const question = bank.questions[0];
  if (!question) throw new Error('empty bank');
  try {
    const commands = await Promise.all(
      users.map((user) =>
        timed(
          slashCommandBody({
            command: '/coach',
            text: `question ${question.id}`,
            user_id: user.id,
            trigger_id: fake.issueTrigger(),
            response_url: fake.issueResponseUrl(),
          }),
        ),
      ),
    );
    // Each member clicks Answer (opening a modal), then all submit at once.
    for (const user of users) {
      await timed(
        interactionBody(
          blockActionsPayload({
            action_id: 'coach:answer',
            value: question.id,
            user_id: user.id,
            trigger_id: fake.issueTrigger(),
            channel_id: FAKE_SLACK_IDS.channelId,
            response_url: fake.issueResponseUrl(),
          }),
        ),
      );
    }
    while (fake.views.length < burst) await new Promise((resolve) => setTimeout(resolve, 5));
    const views = fake.views.slice(-burst);
    const submissions = await Promise.all(
      users.map((user, i) =>
        timed(
          interactionBody(
            viewSubmissionPayload({
              user_id: user.id,
              trigger_id: fake.issueTrigger(),
              ...(views[i] ? { view: views[i] } : {}),
              values: { answer: { text: `${question.keyPoints.join(' ')} (member ${i})` } },
            }),
          ),
        ),
      ),
    );
    await app.coach.drain();
    return [
      summarize(`/coach question, ${burst} at once`, commands),
      summarize(`answer modal submission, ${burst} at once (ack; grading follows)`, submissions),
    ];
  } finally {
    await slack.stop();
    await app.close();
    await database.close();
    await fake.close();
  }
}
