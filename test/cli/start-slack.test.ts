import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, spawnCli } from '../support/cli.js';
import {
  blockActionsPayload,
  createFakeSlack,
  FAKE_SLACK_IDS,
  type FakeSlack,
  interactionBody,
  postToReceiver,
  slashCommandBody,
  viewSubmissionPayload,
} from '../support/fake-slack.js';

const SECRET = 'start-test-secret';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('npm start with Slack configured (HTTP mode, against the fake Slack)', () => {
  let fake: FakeSlack;
  let dataDir: string;

  beforeAll(async () => {
    fake = await createFakeSlack({
      users: [{ id: FAKE_SLACK_IDS.userId, name: 'ada', display_name: 'Ada' }],
    });
    dataDir = await mkdtemp(join(tmpdir(), 'coach-slack-'));
  });
  afterAll(async () => {
    await fake?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves signed /coach commands on /slack/events, rejects unsigned ones, ignores stdin, and stops on SIGTERM', async () => {
    const port = await freePort();
    const child = spawnCli(
      ['start'],
      cliEnv({
        SLACK_BOT_TOKEN: FAKE_SLACK_IDS.botToken,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: String(port),
        COACH_DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
      }),
    );
    let stderr = '';
    let stdout = '';
    const listening = new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (stderr.includes('listening on /slack/events')) resolve();
      });
      child.on('close', (code) => reject(new Error(`exited (${code}):\n${stderr}`)));
    });
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stdin.end('question\n');
    await listening;

    const url = `http://127.0.0.1:${port}/slack/events`;
    const send = (text: string, extra: { unsigned?: boolean } = {}) =>
      postToReceiver(url, {
        body: slashCommandBody({
          command: '/coach',
          text,
          trigger_id: fake.issueTrigger(),
          response_url: fake.issueResponseUrl(),
        }),
        contentType: 'application/x-www-form-urlencoded',
        signingSecret: SECRET,
        timestamp: Math.floor(Date.now() / 1000),
        ...extra,
      });

    expect((await send('help', { unsigned: true })).status).toBe(401);
    const help = await send('help');
    expect(help.status).toBe(200);
    expect((help.json as { text: string }).text).toContain('question');
    const question = await send('question rag');
    expect((question.json as { blocks: { type: string }[] }).blocks.some((b) => b.type === 'actions')).toBe(
      true,
    );
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    // The Answer button opens the modal; the submission is acked, graded, and the feedback arrives privately.
    const questionId =
      (
        question.json as { blocks: { type: string; elements?: { action_id: string; value: string }[] }[] }
      ).blocks
        .find((b) => b.type === 'actions')
        ?.elements?.find((e) => e.action_id === 'coach:answer')?.value ?? '';
    const trigger = fake.issueTrigger();
    const form = 'application/x-www-form-urlencoded';
    const signed = { contentType: form, signingSecret: SECRET } as const;
    const clicked = await postToReceiver(url, {
      ...signed,
      timestamp: Math.floor(Date.now() / 1000),
      body: interactionBody(
        blockActionsPayload({
          action_id: 'coach:answer',
          value: questionId,
          trigger_id: trigger,
          ephemeral: true,
          response_url: fake.issueResponseUrl(),
        }),
      ),
    });
    expect(clicked.status).toBe(200);
    await fake.waitForCall('views.open', (call) => call.args.trigger_id === trigger);
    const submitted = await postToReceiver(url, {
      ...signed,
      timestamp: Math.floor(Date.now() / 1000),
      body: interactionBody(
        viewSubmissionPayload({
          trigger_id: fake.issueTrigger(),
          view: fake.views.at(-1),
          values: {
            answer: { text: 'RAG retrieves relevant chunks from an index and adds them to the prompt.' },
          },
        }),
      ),
    });
    expect(submitted.status).toBe(200);
    const feedback = await fake.waitForCall('chat.postEphemeral', (call) =>
      String(call.args.text).includes('Score'),
    );
    expect(String(feedback.args.text)).toMatch(/Score\W+\d+\/100/);
    expect(((await send('streak')).json as { text: string }).text).toMatch(/1 day/);
    expect(((await send('leaderboard')).json as { text: string }).text).toContain('Ada');

    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // No console ran: stdin's "question" was never read as a command.
    expect(stdout).not.toContain('coach>');
    expect(stdout).not.toContain('==');
    // The bot token never reaches the logs.
    expect(stderr).not.toContain(FAKE_SLACK_IDS.botToken);
  });
});
