import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SlackAdapter } from '../../../src/adapters/slack/slack-adapter.js';
import type { Grader } from '../../../src/grading/grader.js';
import { createRubricGrader } from '../../../src/grading/rubric.js';
import { type App, sendVia } from '../../../src/main.js';
import { GOOD_RAG_ANSWER, RAG_QUESTION } from '../../support/bank.js';
import { createTestClock } from '../../support/clock.js';
import { rowCounts, type TestDatabase } from '../../support/db.js';
import {
  eventCallback,
  FAKE_SLACK_IDS,
  type FakeSlack,
  interactionBody,
  slashCommandBody,
  viewSubmissionPayload,
} from '../../support/fake-slack.js';
import { type SlackApp, startSlackApp } from '../../support/slack-app.js';

const FORM = 'application/x-www-form-urlencoded';
const ADMIN = 'U0ADMIN';

/** Everything a test sees, in order: the grader starting and finishing, and what reached Slack. */
const events: string[] = [];

describe('Slack adapter (HTTP mode, signed requests against a fake Slack)', () => {
  let harness: SlackApp;
  let testDb: TestDatabase;
  let app: App;
  let fake: FakeSlack;
  let slack: SlackAdapter;
  let hold: Promise<void> | undefined;
  const clock = createTestClock('2026-03-02T09:00:00Z');
  const rubric = createRubricGrader();
  const grader: Grader = {
    name: 'recording',
    async grade(input) {
      events.push('grading started');
      if (hold) await hold;
      const grade = await rubric.grade(input);
      events.push('grading finished');
      return grade;
    },
  };

  const post: SlackApp['post'] = (...args) => harness.post(...args);
  const command: SlackApp['command'] = (...args) => harness.command(...args);
  const click: SlackApp['click'] = (...args) => harness.click(...args);
  const submitAnswer: SlackApp['submitAnswer'] = (...args) => harness.submitAnswer(...args);

  beforeAll(async () => {
    harness = await startSlackApp({
      clock,
      grader,
      seed: 7,
      users: [
        { id: FAKE_SLACK_IDS.userId, name: 'ada', display_name: 'Ada', tz: 'Europe/Berlin' },
        { id: ADMIN, name: 'grace', display_name: 'Grace', is_admin: true },
      ],
    });
    ({ testDb, app, fake, slack } = harness);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  beforeEach(() => {
    events.length = 0;
    hold = undefined;
  });

  it('answers GET /healthz for load balancers', async () => {
    const response = await fetch(`http://127.0.0.1:${slack.port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it.each([
    ['no signature', { unsigned: true }],
    ['a bad signature', { badSignature: true }],
    ['a timestamp older than 5 minutes', { timestamp: Math.floor(Date.now() / 1000) - 301 }],
  ])('rejects a request with %s (401) and runs nothing', async (_name, extra) => {
    const before = await rowCounts(testDb.database);
    const response = await post(
      slashCommandBody({
        command: '/coach',
        text: 'question rag',
        trigger_id: fake.issueTrigger(),
        response_url: fake.issueResponseUrl(),
      }),
      FORM,
      extra,
    );
    expect(response.status).toBe(401);
    expect(await rowCounts(testDb.database)).toEqual(before);
  });

  it('/coach help acks with the command list, only for the caller', async () => {
    const response = await command('help');
    expect(response.status).toBe(200);
    const body = response.json as { response_type: string; text: string; blocks: unknown[] };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('question');
    expect(body.blocks.length).toBeGreaterThan(0);
  });

  it('/coach with a typo gets a did-you-mean line and writes nothing', async () => {
    const before = await rowCounts(testDb.database);
    const body = (await command('questoin')).json as { text: string };
    expect(body.text).toContain('Did you mean `question`?');
    expect(await rowCounts(testDb.database)).toEqual(before);
  });

  it('serves a question as blocks with Answer and Next buttons, using the name and zone from users.info', async () => {
    const body = (await command('question what-is-rag')).json as {
      text: string;
      blocks: { type: string; elements?: { action_id: string; value: string }[] }[];
    };
    expect(body.text).toContain(RAG_QUESTION.question);
    const actions = body.blocks.find((block) => block.type === 'actions');
    expect(actions?.elements?.map((e) => [e.action_id, e.value])).toEqual([
      ['coach:answer', 'what-is-rag'],
      ['coach:next', 'next'],
      ['coach:report', 'what-is-rag'],
    ]);
    expect(fake.callsTo('users.info').some((call) => call.args.user === FAKE_SLACK_IDS.userId)).toBe(true);
    const timezone = await app.coach.timezone({
      id: 't',
      platform: 'slack',
      tenantId: FAKE_SLACK_IDS.teamId,
      channelId: FAKE_SLACK_IDS.channelId,
      user: { id: FAKE_SLACK_IDS.userId, name: 'Ada', isAdmin: false },
      command: 'timezone',
      text: '',
      raw: null,
    });
    expect(timezone.zone).toBe('Europe/Berlin');
  });

  it('Answer button -> modal -> submission: commits, acks before grading, then sends the feedback privately', async () => {
    await command('question what-is-rag');
    const { trigger, response } = click('coach:answer', 'what-is-rag');
    expect((await response).status).toBe(200);
    const opened = await fake.waitForCall('views.open', (call) => call.args.trigger_id === trigger);
    const view = opened.args.view as {
      callback_id: string;
      blocks: { type: string; element?: { max_length?: number } }[];
    };
    expect(view.callback_id).toBe('coach_answer');
    expect(view.blocks.find((block) => block.type === 'input')?.element?.max_length).toBe(3000);

    let release: () => void = () => {};
    hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const submitted = await submitAnswer(GOOD_RAG_ANSWER);
    events.push('ack received');
    expect(submitted.status).toBe(200);
    // The answer is committed (pending) before the ack, and the ack came while grading was held.
    expect((await rowCounts(testDb.database)).answers).toBeGreaterThan(0);
    release();
    const feedback = await fake.waitForCall('chat.postEphemeral', (call) =>
      String(call.args.text).includes('Score'),
    );
    expect(events.indexOf('ack received')).toBeLessThan(events.indexOf('grading finished'));
    expect(feedback.args.user).toBe(FAKE_SLACK_IDS.userId);
    expect(feedback.args.channel).toBe(FAKE_SLACK_IDS.channelId);
    expect(String(feedback.args.text)).toMatch(/Score\W+\d+\/100/);
    // The Home tab follows the answer.
    await fake.waitForCall('views.publish', (call) => call.args.user_id === FAKE_SLACK_IDS.userId);
    expect(JSON.stringify(fake.homeViews.get(FAKE_SLACK_IDS.userId))).toContain('Streak');
  });

  it('an empty modal submission gets an inline error and records nothing', async () => {
    await command('question what-is-rag');
    const { trigger } = click('coach:answer', 'what-is-rag');
    await fake.waitForCall('views.open', (call) => call.args.trigger_id === trigger);
    const before = await rowCounts(testDb.database);
    const response = await submitAnswer('   ');
    expect(response.json).toEqual({ response_action: 'errors', errors: { answer: expect.any(String) } });
    expect(await rowCounts(testDb.database)).toEqual(before);
  });

  it('a double-clicked Submit (the same view twice) records one answer', async () => {
    const { trigger } = click('coach:answer', 'what-is-rag');
    const opened = await fake.waitForCall('views.open', (call) => call.args.trigger_id === trigger);
    const view =
      fake.views.find((v) => v.id === (opened.args.view as { id?: string }).id) ?? fake.views.at(-1);
    const before = (await rowCounts(testDb.database)).answers;
    await Promise.all([
      submitAnswer('Retrieval adds documents to the prompt.', view),
      submitAnswer('Retrieval adds documents to the prompt.', view),
    ]);
    expect((await rowCounts(testDb.database)).answers).toBe((before ?? 0) + 1);
  });

  it('/coach answer <text> typed in Slack: acked before grading, feedback by response URL', async () => {
    await command('question what-is-rag');
    let release: () => void = () => {};
    hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const responsesBefore = fake.responses.length;
    const acked = await command(`answer ${GOOD_RAG_ANSWER}`);
    events.push('ack received');
    expect((acked.json as { text: string }).text).toContain('Grading it now');
    release();
    await app.coach.drain();
    await expect.poll(() => fake.responses.length).toBeGreaterThan(responsesBefore);
    expect(events).toEqual(['grading started', 'ack received', 'grading finished']);
    expect(JSON.stringify(fake.responses.at(-1)?.body)).toContain('Score');
  });

  it('never lets an answer ping the channel: <!channel> and <@U…> are escaped wherever they are echoed', async () => {
    await command('question what-is-rag');
    const responsesBefore = fake.responses.length;
    await command('answer <!channel> <@U0ADMIN> retrieval puts documents in the prompt & grounds it');
    await app.coach.drain();
    await expect.poll(() => fake.responses.length).toBeGreaterThan(responsesBefore);
    const echoed = JSON.stringify(fake.responses.slice(responsesBefore).map((r) => r.body));
    expect(echoed).not.toContain('<!channel>');
    expect(echoed).not.toContain('<@U0ADMIN>');
  });

  it('an answer over 4,000 characters is refused with a clear line and writes nothing', async () => {
    const before = await rowCounts(testDb.database);
    const body = (await command(`answer ${'x'.repeat(4_001)}`)).json as { text: string };
    expect(body.text).toMatch(/4,000/);
    expect(await rowCounts(testDb.database)).toEqual(before);
  });

  it('streak and leaderboard work; the leaderboard is posted in the channel', async () => {
    const streak = (await command('streak')).json as { text: string };
    expect(streak.text).toMatch(/streak/i);
    const board = (await command('leaderboard')).json as { response_type: string; text: string };
    expect(board.response_type).toBe('in_channel');
    expect(board.text).toContain('Ada');
  });

  it('retries a rate-limited Web API call after Retry-After (the fake answers 429 with Retry-After: 0)', async () => {
    fake.rateLimitNext('views.open');
    const calls = fake.callsTo('views.open').length;
    const { trigger } = click('coach:answer', 'what-is-rag');
    await fake.waitForCall(
      'views.open',
      (call) => call.args.trigger_id === trigger && fake.callsTo('views.open').length >= calls + 2,
    );
    expect(fake.views.some((v) => JSON.stringify(v).includes('coach_answer'))).toBe(true);
  });

  it('turns Slack errors into typed adapter errors the scheduler can act on', async () => {
    fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    await expect(
      slack.postMessage('C0NOTIN', { sections: [{ type: 'text', text: 'hi' }], visibility: 'channel' }),
    ).rejects.toMatchObject({
      name: 'SlackAdapterError',
      code: 'not_in_channel',
      kind: 'channel',
    });
    const { ts } = await slack.postMessage(FAKE_SLACK_IDS.channelId, {
      sections: [{ type: 'text', text: 'Daily question' }],
      visibility: 'channel',
    });
    expect(ts).not.toBe('');
  });

  it('sends a direct message (a nudge, a notice to an admin) to the member, escaped', async () => {
    // The way the scheduler sends it: a target with a user id, routed by sendVia.
    const target = { platform: 'slack' as const, tenantId: FAKE_SLACK_IDS.teamId, channelId: 'C0DAILY' };
    const { ref } = await sendVia({ slack })(
      { ...target, userId: FAKE_SLACK_IDS.userId },
      {
        sections: [{ type: 'text', text: 'Your 3-day streak is alive <!channel>' }],
        visibility: 'ephemeral',
      },
    );
    expect(ref).not.toBe('');
    const call = await fake.waitForCall('chat.postMessage', (c) => c.args.channel === FAKE_SLACK_IDS.userId);
    expect(JSON.stringify(call.args.blocks)).toContain('3-day streak');
    expect(JSON.stringify(call.args)).not.toContain('<!channel>');
  });

  // Every command, typed as a member would, through the real Bolt app: a reply, never a crash.
  it.each([
    ['help', /question/],
    ['topics', /rag/i],
    ['question rag', /actions|Answer/],
    ['next', /Answer/],
    ['history', /.+/],
    ['streak', /streak/i],
    ['leaderboard month', /Leaderboard/],
    ['timezone', /Europe\/Berlin/],
    ['timezone Mars/Olympus', /not a time zone/],
    ['report', /what is wrong/i],
    ['forget-me', /confirm/],
  ])('/coach %s', async (text, expected) => {
    const response = await command(text);
    expect(response.status).toBe(200);
    const body = response.json as { text: string; blocks: unknown[] };
    expect(`${body.text} ${JSON.stringify(body.blocks)}`).toMatch(expected);
    expect(body.text).not.toContain('Something went wrong');
  });

  it('Next button: another question, privately, by response URL', async () => {
    await command('question rag');
    const before = fake.responses.length;
    expect((await click('coach:next', 'next').response).status).toBe(200);
    await expect.poll(() => fake.responses.length).toBeGreaterThan(before);
    const reply = fake.responses.at(-1)?.body as { response_type: string; blocks: { type: string }[] };
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.blocks.some((block) => block.type === 'actions')).toBe(true);
  });

  it('Report button -> modal -> note: stored for the maintainers, thanked privately; an empty note is refused inline', async () => {
    const { trigger } = click('coach:report', 'what-is-rag');
    const opened = await fake.waitForCall('views.open', (call) => call.args.trigger_id === trigger);
    expect((opened.args.view as { callback_id: string }).callback_id).toBe('coach_report');
    const submit = (note: string) =>
      post(
        interactionBody(
          viewSubmissionPayload({
            trigger_id: fake.issueTrigger(),
            view: fake.views.at(-1),
            values: { note: { text: note } },
          }),
        ),
      );
    expect((await submit(' ')).json).toEqual({
      response_action: 'errors',
      errors: { note: expect.any(String) },
    });
    expect((await submit('The second key point is out of date.')).status).toBe(200);
    const thanks = await fake.waitForCall('chat.postEphemeral', (call) =>
      String(call.args.text).includes('report'),
    );
    expect(thanks.args.user).toBe(FAKE_SLACK_IDS.userId);
    const { reports } = await import('../../../src/db/schema.js');
    const stored = await testDb.database.db.select().from(reports);
    expect(stored.map((r) => [r.questionId, r.note])).toContainEqual([
      'what-is-rag',
      'The second key point is out of date.',
    ]);
  });

  it('publishes the Home tab when a member opens it', async () => {
    const body = JSON.stringify(
      eventCallback({
        type: 'app_home_opened',
        user: ADMIN,
        channel: 'D0HOME',
        tab: 'home',
        event_ts: '1.0',
      }),
    );
    expect((await post(body, 'application/json')).status).toBe(200);
    await fake.waitForCall('views.publish', (call) => call.args.user_id === ADMIN);
    const home = JSON.stringify(fake.homeViews.get(ADMIN));
    expect(home).toContain('Streak');
    expect(home).toContain('Questions answered by area');
  });

  it('marks the workspace removed on app_uninstalled, and a redelivery (X-Slack-Retry-Num) changes nothing more', async () => {
    const body = JSON.stringify(eventCallback({ type: 'app_uninstalled' }));
    expect((await post(body, 'application/json')).status).toBe(200);
    expect((await post(body, 'application/json', { retryNum: 1, retryReason: 'http_timeout' })).status).toBe(
      200,
    );
    const { tenants } = await import('../../../src/db/schema.js');
    await expect
      .poll(async () => (await testDb.database.db.select().from(tenants)).map((t) => t.removedAt !== null))
      .toEqual([true]);
  });

  it('a daily post keeps a running tally in its thread: counts, never scores or answers', async () => {
    const question = app.bank.byId('what-is-rag');
    if (!question) throw new Error('test bank');
    const { questionReply } = await import('../../../src/core/replies.js');
    const { ts } = await slack.postMessage(FAKE_SLACK_IDS.channelId, {
      ...questionReply(question),
      visibility: 'channel',
    });
    const answerOnPost = async (user: string, text: string) => {
      const { trigger } = click('coach:answer', 'what-is-rag', { onMessage: ts, user });
      const opened = await fake.waitForCall('views.open', (call) => call.args.trigger_id === trigger);
      const view =
        fake.views.find((v) => v.id === (opened.args.view as { id?: string }).id) ?? fake.views.at(-1);
      const submitted = await post(
        interactionBody(
          viewSubmissionPayload({
            trigger_id: fake.issueTrigger(),
            user_id: user,
            ...(view ? { view } : {}),
            values: { answer: { text } },
          }),
        ),
      );
      expect(submitted.status).toBe(200);
    };
    await answerOnPost(FAKE_SLACK_IDS.userId, 'Retrieval puts fetched documents in the prompt.');
    const first = await fake.waitForCall('chat.postMessage', (call) => call.args.thread_ts === ts);
    expect(first.args.text).toMatch(/^1 answered/);
    await answerOnPost(ADMIN, 'It grounds the model in an external index.');
    const update = await fake.waitForCall('chat.update', (call) =>
      String(call.args.text).startsWith('2 answered'),
    );
    const tally = fake.messages.find((m) => m.thread_ts === ts);
    expect(update.args.ts).toBe(tally?.ts);
    expect(fake.messages.filter((m) => m.thread_ts === ts)).toHaveLength(1);
    for (const text of [first.args.text, update.args.text]) {
      expect(String(text)).not.toMatch(/score|\/100|grounds|documents/i);
    }
  });

  it('marks the workspace removed when its bot token is revoked', async () => {
    const { tenants } = await import('../../../src/db/schema.js');
    await testDb.database.db.update(tenants).set({ removedAt: null });
    const body = JSON.stringify(
      eventCallback({ type: 'tokens_revoked', tokens: { oauth: [], bot: [FAKE_SLACK_IDS.botUserId] } }),
    );
    expect((await post(body, 'application/json')).status).toBe(200);
    await expect
      .poll(async () => (await testDb.database.db.select().from(tenants)).map((t) => t.removedAt !== null))
      .toEqual([true]);
  });
});
