// The fake Slack, checked against the real SDKs: WebClient, Bolt in Socket Mode, Bolt's HTTP receiver.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { AddressInfo } from 'node:net';
import {
  App,
  HTTPReceiver,
  isValidSlackRequest,
  type Logger,
  LogLevel,
  SocketModeReceiver,
  webApi,
} from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestClock, type TestClock } from '../support/clock.js';
import {
  blockActionsPayload,
  createFakeSlack,
  eventCallback,
  FAKE_SLACK_IDS,
  type FakeSlack,
  interactionBody,
  postToReceiver,
  signSlackRequest,
  slashCommandBody,
  slashCommandPayload,
  viewSubmissionPayload,
} from '../support/fake-slack.js';

const { botToken, appToken } = FAKE_SLACK_IDS;
const noRetries = { retries: 0 };
const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** A real WebClient pointed at the fake. */
const webClient = (token: string = botToken, retryConfig: webApi.RetryOptions = noRetries) =>
  new webApi.WebClient(token, { slackApiUrl: fake.apiUrl, retryConfig, logger: quiet });

/** Resolves when `resolve` is called: lets a test await the end of a Bolt listener. */
function deferred<T = void>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** The Slack error code a rejected Web API call carried. */
async function slackError(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return (error as { data?: { error?: string } }).data?.error;
  }
}

let fake: FakeSlack;
let clock: TestClock;

beforeEach(async () => {
  clock = createTestClock('2026-03-02T09:00:00Z');
  fake = await createFakeSlack({
    now: clock.now,
    users: [
      {
        id: 'U1',
        name: 'ada',
        real_name: 'Ada Lovelace',
        display_name: 'ada',
        tz: 'Europe/London',
        tz_offset: 0,
        is_admin: true,
      },
    ],
    channels: [{ id: 'C1', name: 'interview-prep' }],
  });
});

afterEach(async () => {
  await fake.close();
});

describe('Web API', () => {
  it('answers auth.test and chat.postMessage for a real WebClient, recording decoded blocks', async () => {
    const client = webClient();
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Question 1* &lt;RAG&gt;' } }];

    const auth = await client.auth.test();
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'Question 1', blocks });

    expect(auth).toMatchObject({
      ok: true,
      team_id: FAKE_SLACK_IDS.teamId,
      user_id: FAKE_SLACK_IDS.botUserId,
      bot_id: FAKE_SLACK_IDS.botId,
    });
    expect(posted).toMatchObject({
      ok: true,
      channel: 'C1',
      ts: expect.stringMatching(/^1772442000\.\d{6}$/),
    });
    expect(fake.calls).toEqual([
      { method: 'auth.test', token: botToken, args: {} },
      { method: 'chat.postMessage', token: botToken, args: { channel: 'C1', text: 'Question 1', blocks } },
    ]);
    expect(fake.messages).toEqual([{ channel: 'C1', ts: posted.ts, text: 'Question 1', blocks, updates: 0 }]);
  });

  it('updates a posted message and stores ephemerals apart', async () => {
    const client = webClient();
    const { ts } = await client.chat.postMessage({ channel: 'C1', text: 'Grading…' });
    await client.chat.update({ channel: 'C1', ts: ts ?? '', text: 'Grade: 4/5' });
    const ephemeral = await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'Only you' });

    expect(fake.messages).toEqual([
      { channel: 'C1', ts, text: 'Grade: 4/5', updates: 1 },
      { channel: 'C1', ts: ephemeral.message_ts, text: 'Only you', ephemeralTo: 'U1', updates: 0 },
    ]);
    expect(await slackError(client.chat.update({ channel: 'C1', ts: '1.000000', text: 'x' }))).toBe(
      'message_not_found',
    );
  });

  it.each([
    ['an unknown token', 'xoxb-nope', 'auth.test', 'invalid_auth'],
    ['a revoked token', 'xoxb-revoked', 'auth.test', 'token_revoked'],
    ['the app token on a bot method', appToken, 'chat.postMessage', 'not_allowed_token_type'],
    ['the bot token on apps.connections.open', botToken, 'apps.connections.open', 'not_allowed_token_type'],
    ['a method the fake lacks', botToken, 'pins.add', 'unknown_method'],
  ])('refuses %s', async (_case, token, method, error) => {
    fake.revokeToken('xoxb-revoked');
    const client = webClient(token);
    expect(await slackError(client.apiCall(method, { channel: 'C1', text: 'hi' }))).toBe(error);
  });

  it('reports configured users and channels', async () => {
    const client = webClient();
    const { user } = await client.users.info({ user: 'U1' });
    const { channel } = await client.conversations.info({ channel: 'C1' });

    expect(user).toMatchObject({
      id: 'U1',
      name: 'ada',
      real_name: 'Ada Lovelace',
      tz: 'Europe/London',
      tz_offset: 0,
      is_admin: true,
      is_owner: false,
      profile: { display_name: 'ada' },
    });
    expect(channel).toMatchObject({ id: 'C1', name: 'interview-prep', is_member: true });
    expect(await slackError(client.users.info({ user: 'U404' }))).toBe('user_not_found');
    expect(await slackError(client.conversations.info({ channel: 'C404' }))).toBe('channel_not_found');
  });
});

describe('views.publish (App Home)', () => {
  const home = (text: string) => ({
    type: 'home' as const,
    blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }],
  });
  const dividers = (count: number) => Array.from({ length: count }, () => ({ type: 'divider' }));

  it('keeps the last view published for each user, under one view id, and honours hash', async () => {
    const client = webClient();

    const first = await client.views.publish({ user_id: 'U1', view: home('Streak: 1') });
    const second = await client.views.publish({
      user_id: 'U1',
      view: home('Streak: 2'),
      hash: first.view?.hash,
    });
    await client.views.publish({ user_id: 'U2', view: home('Streak: 0') });

    expect(second.view?.id).toBe(first.view?.id);
    expect(fake.homeViews.get('U1')).toMatchObject({
      id: first.view?.id,
      type: 'home',
      blocks: home('Streak: 2').blocks,
      hash: second.view?.hash,
    });
    expect(fake.homeViews.get('U2')).toMatchObject({ type: 'home', blocks: home('Streak: 0').blocks });
    expect(
      await slackError(client.views.publish({ user_id: 'U1', view: home('stale'), hash: first.view?.hash })),
    ).toBe('hash_conflict');
    expect(fake.homeViews.get('U1')?.blocks).toEqual(home('Streak: 2').blocks);
  });

  it.each([
    ['a home view with 100 blocks', 'publishes', { type: 'home', blocks: dividers(100) }, undefined],
    [
      'a modal',
      'refuses',
      { type: 'modal', title: { type: 'plain_text', text: 'Home' }, blocks: [] },
      ['[ERROR] must be one of the provided values [json-pointer:/view/type]'],
    ],
    [
      'a home view with 101 blocks',
      'refuses',
      { type: 'home', blocks: dividers(101) },
      ['[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]'],
    ],
  ])('views.publish of %s: %s', async (_case, _outcome, view, messages) => {
    const publishing = webClient().apiCall('views.publish', { user_id: 'U1', view });

    if (messages === undefined) {
      await expect(publishing).resolves.toMatchObject({ ok: true, view: { type: 'home' } });
      expect(fake.homeViews.has('U1')).toBe(true);
    } else {
      await expect(publishing).rejects.toMatchObject({
        data: { error: 'invalid_arguments', response_metadata: { messages } },
      });
      expect(fake.homeViews.has('U1')).toBe(false);
    }
  });
});

describe('waitForCall', () => {
  it('resolves at once with a call already made', async () => {
    const client = webClient();
    await client.chat.postMessage({ channel: 'C1', text: 'first' });

    const call = await fake.waitForCall('chat.postMessage');

    expect(call).toBe(fake.calls.at(-1));
    expect(call.args).toMatchObject({ text: 'first' });
  });

  it('waits for the next matching call, and the fake has applied it by then', async () => {
    const client = webClient();
    const waiting = fake.waitForCall('chat.postMessage', (call) => call.args.text === 'second');

    const posting = Promise.all([
      client.chat.postMessage({ channel: 'C1', text: 'first' }),
      client.chat.postMessage({ channel: 'C1', text: 'second' }),
    ]);
    const call = await waiting;

    expect(call.args).toMatchObject({ channel: 'C1', text: 'second' });
    expect(fake.messages.map((message) => message.text)).toContain('second');
    await posting;
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
  });
});

describe('scripted failures', () => {
  it('rate-limits once with Retry-After: 0, and WebClient retries to success', async () => {
    const client = webClient(botToken, { retries: 1, factor: 1, minTimeout: 0, maxTimeout: 0 });
    const rateLimited: number[] = [];
    client.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number) => rateLimited.push(seconds));
    fake.rateLimitNext('chat.postMessage', { retryAfter: 0 });

    const posted = await client.chat.postMessage({ channel: 'C1', text: 'hello' });

    expect(posted.ok).toBe(true);
    expect(rateLimited).toEqual([0]);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(fake.messages).toHaveLength(1);
  });

  it('fails the next call with a Slack error or an HTTP status, then behaves normally', async () => {
    const client = webClient();
    fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    fake.failNext('chat.postMessage', { status: 500 });

    expect(await slackError(client.chat.postMessage({ channel: 'C1', text: 'a' }))).toBe('not_in_channel');
    await expect(client.chat.postMessage({ channel: 'C1', text: 'b' })).rejects.toMatchObject({
      code: webApi.ErrorCode.HTTPError,
      statusCode: 500,
    });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'c' })).resolves.toMatchObject({ ok: true });
    expect(fake.messages.map((message) => message.text)).toEqual(['c']);
  });

  it('holds a call until the test releases it', async () => {
    const client = webClient();
    const held = fake.holdNext('chat.postMessage');

    const posting = client.chat.postMessage({ channel: 'C1', text: 'slow' });
    const call = await held.arrived;
    expect(call.args).toMatchObject({ text: 'slow' });
    expect(fake.messages).toEqual([]);

    held.release();
    await expect(posting).resolves.toMatchObject({ ok: true });
    expect(fake.messages).toHaveLength(1);
  });
});

describe('views.open triggers', () => {
  const modal = {
    type: 'modal' as const,
    callback_id: 'answer',
    title: { type: 'plain_text' as const, text: 'Your answer' },
    submit: { type: 'plain_text' as const, text: 'Submit' },
    blocks: [
      {
        type: 'input' as const,
        block_id: 'answer',
        label: { type: 'plain_text' as const, text: 'Answer' },
        element: { type: 'plain_text_input' as const, action_id: 'text' },
      },
    ],
  };

  it.each([
    ['fresh', 0, 'opens', undefined],
    ['2.999 s old', 2_999, 'opens', undefined],
    ['3 s old', 3_000, 'expired', 'expired_trigger_id'],
  ])('a %s trigger %s', async (_age, ageMs, _outcome, error) => {
    const client = webClient();
    const trigger = fake.issueTrigger();
    clock.advance(ageMs);
    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal }))).toBe(error);
  });

  it('takes a trigger once, and refuses one it never issued', async () => {
    const client = webClient();
    const trigger = fake.issueTrigger();

    const opened = await client.views.open({ trigger_id: trigger, view: modal });

    expect(opened.view).toMatchObject({
      id: fake.views[0]?.id,
      callback_id: 'answer',
      state: { values: {} },
    });
    expect(fake.calls.at(-1)?.args.view).toEqual(modal);
    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal }))).toBe(
      'exchanged_trigger_id',
    );
    expect(await slackError(client.views.open({ trigger_id: '1.2.3', view: modal }))).toBe(
      'invalid_trigger_id',
    );
  });

  it('refuses a modal that breaks Block Kit limits', async () => {
    const client = webClient();
    const { submit: _, ...noSubmit } = modal;
    const view = {
      ...noSubmit,
      title: { type: 'plain_text' as const, text: 'A title that is far too long' },
    };

    await expect(client.views.open({ trigger_id: fake.issueTrigger(), view })).rejects.toMatchObject({
      data: {
        error: 'invalid_arguments',
        response_metadata: {
          messages: [
            '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
            '[ERROR] must provide a submit property when using input blocks [json-pointer:/view]',
          ],
        },
      },
    });
  });
});

describe('response_url', () => {
  it('accepts five posts, then refuses', async () => {
    const url = fake.issueResponseUrl();
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i += 1) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `reply ${i}` }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect(fake.responses.at(-1)).toEqual({ url, body: { text: 'reply 6' }, accepted: false });
  });

  it('expires after 30 minutes', async () => {
    const url = fake.issueResponseUrl();
    clock.advance(30 * 60_000);
    const response = await fetch(url, { method: 'POST', body: '{"text":"late"}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ ok: false, error: 'expired_url' });
  });
});

describe('HTTP-mode payload helpers', () => {
  it('signs requests the way Bolt verifies them', () => {
    const signingSecret = 'shh';
    const timestamp = 1_772_442_000;
    const body = slashCommandBody({
      command: '/coach',
      text: 'question ml',
      trigger_id: fake.issueTrigger(),
      response_url: fake.issueResponseUrl(),
    });
    const headers = signSlackRequest({ signingSecret, body, timestamp });
    const verify = (secret: string, nowSeconds: number) =>
      isValidSlackRequest({
        signingSecret: secret,
        body,
        headers: {
          'x-slack-signature': headers['X-Slack-Signature'],
          'x-slack-request-timestamp': Number(headers['X-Slack-Request-Timestamp']),
        },
        nowMilliseconds: nowSeconds * 1000,
      });

    expect(verify(signingSecret, timestamp + 60)).toBe(true);
    expect(verify('wrong', timestamp + 60)).toBe(false);
    expect(verify(signingSecret, timestamp + 6 * 60)).toBe(false);
  });

  it('form-encodes a slash command as Slack does', () => {
    const body = slashCommandBody({
      command: '/coach',
      text: 'question ml & more',
      user_id: 'U1',
      channel_id: 'C1',
      trigger_id: '1.2.3',
      response_url: 'http://127.0.0.1/response/1',
    });
    expect(body).toContain('&command=%2Fcoach&text=question+ml+%26+more&');
    expect(Object.fromEntries(new URLSearchParams(body))).toMatchObject({
      command: '/coach',
      text: 'question ml & more',
      user_id: 'U1',
      channel_id: 'C1',
      team_id: FAKE_SLACK_IDS.teamId,
      trigger_id: '1.2.3',
    });
  });

  it('wraps events in an event_callback', () => {
    expect(eventCallback({ type: 'tokens_revoked', tokens: { bot: ['U0FAKEBOT'] } })).toMatchObject({
      type: 'event_callback',
      team_id: FAKE_SLACK_IDS.teamId,
      event: { type: 'tokens_revoked', tokens: { bot: ['U0FAKEBOT'] } },
    });
  });
});

describe('postToReceiver against Bolt in HTTP mode', () => {
  const signingSecret = 'fake-signing-secret';
  // Bolt's HTTPReceiver checks X-Slack-Request-Timestamp against the system clock; it takes no injected clock.
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  let app: App | undefined;

  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  /** Starts a Bolt app on a random local port; returns its events URL. */
  async function startHttpApp(listen: (bolt: App) => void): Promise<string> {
    const receiver = new HTTPReceiver({ signingSecret, logger: quiet });
    app = new App({ token: botToken, receiver, logger: quiet, clientOptions: { slackApiUrl: fake.apiUrl } });
    listen(app);
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  }

  const command = () =>
    slashCommandBody({
      command: '/coach',
      text: 'question',
      user_id: 'U1',
      channel_id: 'C1',
      trigger_id: fake.issueTrigger(),
      response_url: fake.issueResponseUrl(),
    });

  it('delivers a signed slash command: the ack is the 200 reply, the follow-up is awaited', async () => {
    const url = await startHttpApp((bolt) =>
      bolt.command('/coach', async ({ ack, client, command }) => {
        await ack({ response_type: 'ephemeral', text: 'On it' });
        await client.chat.postMessage({
          channel: command.channel_id,
          text: `Question for <@${command.user_id}>`,
        });
      }),
    );

    const response = await postToReceiver(url, {
      body: command(),
      contentType: 'application/x-www-form-urlencoded',
      signingSecret,
      timestamp: nowSeconds(),
    });
    const followUp = await fake.waitForCall('chat.postMessage');

    expect(response).toMatchObject({ status: 200, json: { response_type: 'ephemeral', text: 'On it' } });
    expect(followUp.args).toMatchObject({ channel: 'C1', text: 'Question for <@U1>' });
    expect(fake.messages).toMatchObject([{ channel: 'C1', text: 'Question for <@U1>' }]);
  });

  it.each([
    ['a bad signature', 401, { badSignature: true }, 0],
    ['no signature', 401, { unsigned: true }, 0],
    ['a timestamp 5 min 1 s old', 401, {}, 301],
    ['a timestamp 4 min old', 200, {}, 240],
  ])('answers a slash command with %s: %i', async (_case, status, flags, ageSeconds) => {
    const heard: string[] = [];
    const url = await startHttpApp((bolt) =>
      bolt.command('/coach', async ({ ack, command }) => {
        heard.push(command.text);
        await ack();
      }),
    );

    const response = await postToReceiver(url, {
      body: command(),
      contentType: 'application/x-www-form-urlencoded',
      signingSecret,
      timestamp: nowSeconds() - ageSeconds,
      ...flags,
    });

    expect(response.status).toBe(status);
    expect(heard).toEqual(status === 200 ? ['question'] : []);
  });

  it('delivers a payload= interaction and a JSON event with its retry headers', async () => {
    const retried = deferred<[number | undefined, string | undefined]>();
    const url = await startHttpApp((bolt) => {
      bolt.action('next_question', async ({ ack }) => ack());
      bolt.event('app_uninstalled', async ({ context }) =>
        retried.resolve([context.retryNum, context.retryReason]),
      );
    });
    const signed = { signingSecret, timestamp: nowSeconds() };

    const click = await postToReceiver(url, {
      body: interactionBody(
        blockActionsPayload({ action_id: 'next_question', trigger_id: fake.issueTrigger() }),
      ),
      contentType: 'application/x-www-form-urlencoded',
      ...signed,
    });
    const event = await postToReceiver(url, {
      body: JSON.stringify(eventCallback({ type: 'app_uninstalled' })),
      contentType: 'application/json',
      retryNum: 1,
      retryReason: 'http_timeout',
      ...signed,
    });

    expect(click).toEqual({ status: 200, text: '' });
    expect(event.status).toBe(200);
    expect(await retried.promise).toEqual([1, 'http_timeout']);
  });
});

describe('Socket Mode with Bolt', () => {
  it('delivers a slash command and a view submission, and carries the acks back', async () => {
    const app = new App({
      token: botToken,
      appToken,
      socketMode: true,
      logger: quiet,
      clientOptions: { slackApiUrl: fake.apiUrl },
    });
    const handled = deferred<unknown>();
    app.command('/coach', async ({ ack, respond, client, command }) => {
      await ack('Preparing your question…');
      await respond({ text: 'Here it comes', response_type: 'ephemeral' });
      const opened = await client.views.open({
        trigger_id: command.trigger_id,
        view: {
          type: 'modal',
          callback_id: 'answer',
          title: { type: 'plain_text', text: 'Your answer' },
          submit: { type: 'plain_text', text: 'Submit' },
          blocks: [
            {
              type: 'input',
              block_id: 'answer',
              label: { type: 'plain_text', text: 'Answer' },
              element: { type: 'plain_text_input', action_id: 'text' },
            },
          ],
        },
      });
      handled.resolve(opened.view?.id);
    });
    app.view('answer', async ({ ack, view }) => {
      const text = view.state.values.answer?.text?.value ?? '';
      await ack({ response_action: 'errors', errors: { answer: `Too short: ${text.length} chars` } });
    });

    await app.start();
    await fake.connected();
    expect(fake.calls.map(({ method, token }) => [method, token])).toEqual([
      ['auth.test', botToken],
      ['apps.connections.open', appToken],
    ]);

    const commandAck = await fake.sendEnvelope(
      'slash_commands',
      slashCommandPayload({
        command: '/coach',
        text: 'question',
        user_id: 'U1',
        channel_id: 'C1',
        trigger_id: fake.issueTrigger(),
        response_url: fake.issueResponseUrl(),
      }),
    );
    const viewId = await handled.promise;
    const submitAck = await fake.sendEnvelope(
      'interactive',
      viewSubmissionPayload({
        trigger_id: fake.issueTrigger(),
        view: fake.views[0],
        values: { answer: { text: 'RAG' } },
      }),
    );

    expect(commandAck.payload).toEqual({ text: 'Preparing your question…' });
    expect(fake.responses).toEqual([
      {
        url: expect.any(String),
        body: { text: 'Here it comes', response_type: 'ephemeral' },
        accepted: true,
      },
    ]);
    expect(viewId).toBe(fake.views[0]?.id);
    expect(submitAck.payload).toEqual({
      response_action: 'errors',
      errors: { answer: 'Too short: 3 chars' },
    });
    expect(fake.acks).toEqual([commandAck, submitAck]);

    await app.stop();
    await fake.disconnected();
  });

  it('answers the client pings, then reconnects it after a refresh_requested disconnect', async () => {
    // undici publishes every pong a WebSocket receives on this channel.
    const pong = deferred();
    const onPong = () => pong.resolve();
    subscribe('undici:websocket:pong', onPong);
    const receiver = new SocketModeReceiver({
      appToken,
      logger: quiet,
      // The client pings every clientPingTimeout / 3 and waits clientPingTimeout before reconnecting (5 s by default).
      clientPingTimeout: 30,
      installerOptions: { clientOptions: { slackApiUrl: fake.apiUrl } },
    });
    const app = new App({
      token: botToken,
      receiver,
      logger: quiet,
      clientOptions: { slackApiUrl: fake.apiUrl },
    });
    const acked = deferred();
    app.event('app_uninstalled', async () => acked.resolve());

    await app.start();
    await pong.promise;
    unsubscribe('undici:websocket:pong', onPong);
    fake.disconnect('refresh_requested');
    await fake.connected(2);
    const ack = await fake.sendEnvelope('events_api', eventCallback({ type: 'app_uninstalled' }));
    await acked.promise;

    expect(fake.callsTo('apps.connections.open')).toHaveLength(2);
    expect(ack.payload).toEqual({});

    await app.stop();
    await fake.disconnected();
  });
});
