import { retryPolicies } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/slack-adapter.js';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/core/logger.js';
import { progressReply } from '../../../src/core/replies.js';
import type { Grader } from '../../../src/grading/grader.js';
import { createRubricGrader } from '../../../src/grading/rubric.js';
import { type App, createApp } from '../../../src/main.js';
import { createTestBank, GOOD_RAG_ANSWER } from '../../support/bank.js';
import { seededRandom } from '../../support/clock.js';
import { createTestDatabase, rowCounts, type TestDatabase } from '../../support/db.js';
import {
  blockActionsPayload,
  createFakeSlack,
  FAKE_SLACK_IDS,
  type FakeSlack,
  slashCommandPayload,
  viewSubmissionPayload,
} from '../../support/fake-slack.js';

describe('Slack adapter in Socket Mode (envelopes and acks over a local WebSocket)', () => {
  let testDb: TestDatabase;
  let app: App;
  let fake: FakeSlack;
  let slack: SlackAdapter;
  const events: string[] = [];
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const rubric = createRubricGrader();
  const grader: Grader = {
    name: 'held',
    async grade(input) {
      events.push('grading started');
      await held;
      events.push('grading finished');
      return rubric.grade(input);
    },
  };

  beforeAll(async () => {
    testDb = await createTestDatabase('pglite');
    fake = await createFakeSlack({
      users: [{ id: FAKE_SLACK_IDS.userId, name: 'ada', display_name: 'Ada' }],
    });
    app = await createApp({
      config: loadConfig({}),
      logger: silentLogger,
      database: testDb.database,
      bank: createTestBank(),
      grader,
      random: seededRandom(3),
    });
    slack = createSlackAdapter({
      runtime: app.runtime,
      logger: silentLogger,
      botToken: FAKE_SLACK_IDS.botToken,
      appToken: FAKE_SLACK_IDS.appToken,
      apiUrl: fake.apiUrl,
      retryConfig: retryPolicies.rapidRetryPolicy,
      // The client waits this long before reconnecting after refresh_requested (5 s by default); long enough
      // that a busy machine never misses a pong.
      socketPingTimeoutMs: 3_000,
      services: {
        question: (id) => app.bank.byId(id),
        progress: async (invocation) => progressReply(await app.coach.progress(invocation)),
        answerers: (invocation, questionId, since) => app.coach.answerers(invocation, questionId, since),
        workspaceRemoved: (teamId) => app.coach.setTenantRemoved('slack', teamId, new Date()),
      },
    });
    await slack.start();
    await fake.connected();
  });

  afterAll(async () => {
    release();
    await slack?.stop();
    await fake?.disconnected();
    await app?.close();
    await fake?.close();
    await testDb?.dispose();
  });

  it('/coach question -> Answer -> modal -> submission: the ack reaches Slack before grading ends', async () => {
    const questionAck = await fake.sendEnvelope(
      'slash_commands',
      slashCommandPayload({
        command: '/coach',
        text: 'question what-is-rag',
        trigger_id: fake.issueTrigger(),
        response_url: fake.issueResponseUrl(),
      }),
    );
    expect(questionAck.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(questionAck.payload)).toContain('coach:answer');

    const trigger = fake.issueTrigger();
    await fake.sendEnvelope(
      'interactive',
      blockActionsPayload({
        action_id: 'coach:answer',
        value: 'what-is-rag',
        trigger_id: trigger,
        channel_id: FAKE_SLACK_IDS.channelId,
        response_url: fake.issueResponseUrl(),
      }),
    );
    await fake.waitForCall('views.open', (call) => call.args.trigger_id === trigger);

    const submitAck = await fake.sendEnvelope(
      'interactive',
      viewSubmissionPayload({
        trigger_id: fake.issueTrigger(),
        view: fake.views.at(-1),
        values: { answer: { text: GOOD_RAG_ANSWER } },
      }),
    );
    events.push('ack received');
    expect(submitAck.payload).toEqual({});
    expect((await rowCounts(testDb.database)).answers).toBe(1);
    release();
    const feedback = await fake.waitForCall('chat.postEphemeral', (call) =>
      String(call.args.text).includes('Score'),
    );
    expect(feedback.args.user).toBe(FAKE_SLACK_IDS.userId);
    expect(events.indexOf('ack received')).toBeLessThan(events.indexOf('grading finished'));
  });

  it('reconnects after Slack asks for a refresh, and keeps serving commands', async () => {
    fake.disconnect('refresh_requested');
    await fake.connected(2);
    const ack = await fake.sendEnvelope(
      'slash_commands',
      slashCommandPayload({
        command: '/coach',
        text: 'help',
        trigger_id: fake.issueTrigger(),
        response_url: fake.issueResponseUrl(),
      }),
    );
    expect(JSON.stringify(ack.payload)).toContain('question');
  });
});
