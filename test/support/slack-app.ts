// The coach app behind the real Slack adapter (HTTP mode) against the fake Slack: start it, and act as Slack does.

import { retryPolicies } from '@slack/web-api';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/slack-adapter.js';
import type { Bank } from '../../src/bank/bank.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Grader } from '../../src/grading/grader.js';
import { type App, slackServices } from '../../src/main.js';
import { startTestApp } from './app.js';
import type { TestClock } from './clock.js';
import type { TestDatabase, TestDatabaseKind } from './db.js';
import {
  blockActionsPayload,
  createFakeSlack,
  FAKE_SLACK_IDS,
  type FakeSlack,
  type FakeSlackUser,
  interactionBody,
  postToReceiver,
  type ReceiverResponse,
  slashCommandBody,
  viewSubmissionPayload,
} from './fake-slack.js';

const SECRET = 'test-signing-secret';
const FORM = 'application/x-www-form-urlencoded';

export interface SlackAppOptions {
  clock: TestClock;
  grader: Grader;
  users: FakeSlackUser[];
  kind?: TestDatabaseKind;
  bank?: Bank;
  /** Seeds the app's random source (question picks). */
  seed?: number;
}

export interface SlackApp {
  testDb: TestDatabase;
  app: App;
  fake: FakeSlack;
  slack: SlackAdapter;
  /** POSTs a body to the adapter's /slack/events, signed (unless `extra` says otherwise) as Slack does. */
  post(
    body: string,
    contentType?: string,
    extra?: Partial<Parameters<typeof postToReceiver>[1]>,
  ): Promise<ReceiverResponse>;
  /** `/coach <text>` typed by `user` in the fake's channel; the response is Bolt's ack. */
  command(text: string, user?: string): Promise<ReceiverResponse>;
  /** A click on a button of an ephemeral reply, or of a channel message (`onMessage`: its ts). */
  click(
    actionId: string,
    value: string,
    options?: { onMessage?: string; user?: string },
  ): { trigger: string; response: Promise<ReceiverResponse> };
  /** Submits the answer modal (`view`: the one opened, default the latest) with `text` in its answer field. */
  submitAnswer(text: string, view?: Record<string, unknown>, user?: string): Promise<ReceiverResponse>;
  /** Stops the adapter, the app and the fake, and drops the database. */
  stop(): Promise<void>;
}

/** Starts a fresh database, the fake Slack, the coach app on the test clock, and the Slack adapter over HTTP. */
export async function startSlackApp(options: SlackAppOptions): Promise<SlackApp> {
  const { clock } = options;
  // Message timestamps (a daily post's ts), triggers and response_urls run on the coach's clock.
  const fake = await createFakeSlack({ now: clock.now, users: options.users });
  const started = await startTestApp({ ...options, kind: options.kind ?? 'pglite', seed: options.seed ?? 7 });
  const { testDb, app } = started;
  const slack = createSlackAdapter({
    runtime: app.runtime,
    logger: silentLogger,
    botToken: FAKE_SLACK_IDS.botToken,
    signingSecret: SECRET,
    apiUrl: fake.apiUrl,
    port: 0,
    host: '127.0.0.1',
    retryConfig: retryPolicies.rapidRetryPolicy,
    now: clock.now,
    services: slackServices(app, clock.now),
  });
  await slack.start();
  const url = `http://127.0.0.1:${slack.port}/slack/events`;

  // Bolt checks X-Slack-Request-Timestamp against the system clock and takes no injected clock.
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const post: SlackApp['post'] = (body, contentType = FORM, extra = {}) =>
    postToReceiver(url, { body, contentType, signingSecret: SECRET, timestamp: nowSeconds(), ...extra });

  return {
    testDb,
    app,
    fake,
    slack,
    post,
    command: (text, user = FAKE_SLACK_IDS.userId) =>
      post(
        slashCommandBody({
          command: '/coach',
          text,
          user_id: user,
          trigger_id: fake.issueTrigger(),
          response_url: fake.issueResponseUrl(),
        }),
      ),
    click(actionId, value, { onMessage, user } = {}) {
      const trigger = fake.issueTrigger();
      const payload = blockActionsPayload({
        action_id: actionId,
        value,
        trigger_id: trigger,
        response_url: fake.issueResponseUrl(),
        channel_id: FAKE_SLACK_IDS.channelId,
        ...(onMessage ? { message_ts: onMessage } : { ephemeral: true }),
        ...(user ? { user_id: user } : {}),
      });
      return { trigger, response: post(interactionBody(payload)) };
    },
    submitAnswer: (text, view = fake.views.at(-1), user) =>
      post(
        interactionBody(
          viewSubmissionPayload({
            trigger_id: fake.issueTrigger(),
            values: { answer: { text } },
            ...(view ? { view } : {}),
            ...(user ? { user_id: user } : {}),
          }),
        ),
      ),
    async stop() {
      await slack.stop();
      await started.stop();
      await fake.close();
    },
  };
}
