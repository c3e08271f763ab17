import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import {
  type DiscordAdapter,
  registerDiscordCommands,
} from '../../../src/adapters/discord/discord-adapter.js';
import type { Grader } from '../../../src/grading/grader.js';
import { createRubricGrader } from '../../../src/grading/rubric.js';
import { type App, sendVia, topicsOf } from '../../../src/main.js';
import { GOOD_RAG_ANSWER } from '../../support/bank.js';
import { createTestClock } from '../../support/clock.js';
import { rowCounts, type TestDatabase } from '../../support/db.js';
import { DISCORD_TEST_IDS, type DiscordApp, startDiscordApp } from '../../support/discord-app.js';
import type { FakeDiscord } from '../../support/fake-discord.js';

const { guild: GUILD, channel: CHANNEL, ada: ADA, grace: GRACE } = DISCORD_TEST_IDS;

describe('Discord adapter (the real discord.js Client against a fake Discord)', () => {
  let harness: DiscordApp;
  let testDb: TestDatabase;
  let app: App;
  let fake: FakeDiscord;
  let discord: DiscordAdapter;
  const events: string[] = [];
  let hold: Promise<void> | undefined;
  const clock = createTestClock('2026-03-02T09:00:00Z');
  const rubric = createRubricGrader();
  const grader: Grader = {
    name: 'recording',
    async grade(input) {
      events.push('grading started');
      if (hold) await hold;
      events.push('grading finished');
      return rubric.grade(input);
    },
  };

  beforeAll(async () => {
    harness = await startDiscordApp({ clock, grader, seed: 5 });
    ({ testDb, app, fake, discord } = harness);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  beforeEach(() => {
    events.length = 0;
    hold = undefined;
  });

  const run: DiscordApp['run'] = (...args) => harness.run(...args);
  /** Everything a reply shows: its embeds' text and its components. */
  const shown = (response: { data?: unknown }) => JSON.stringify(response.data ?? {});

  it('registers /coach on start with a subcommand per command, generated from the shared definitions', () => {
    const [coach] = fake.commands() as unknown as { name: string; options: { name: string }[] }[];
    expect(coach?.name).toBe('coach');
    expect(coach?.options.map((o) => o.name).sort()).toEqual(commands.map((c) => c.name).sort());
  });

  it('`coach discord register --guild` registers the command for one guild', async () => {
    await registerDiscordCommands({
      token: fake.token,
      appId: fake.applicationId,
      apiUrl: fake.apiUrl,
      guildId: GUILD,
      commands,
      topics: topicsOf(app.bank),
    });
    expect(fake.commands(GUILD).map((c) => c.name)).toEqual(['coach']);
  });

  it.each([
    ['help', {}, /question/],
    ['topics', {}, /rag/i],
    ['question', { topic: 'rag' }, /coach:answer/],
    ['next', {}, /coach:answer/],
    ['history', {}, /.+/],
    ['streak', {}, /streak/i],
    ['leaderboard', { period: 'all' }, /Leaderboard/],
    ['timezone', { zone: 'Mars/Olympus' }, /not a time zone/],
    ['forget-me', {}, /confirm/],
  ])('/coach %s replies within the deadline, mentions off', async (subcommand, options, expected) => {
    const { response } = await run(subcommand, options);
    expect(response.type).toBe(4);
    expect(shown(response)).toMatch(expected);
    expect((response.data as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
  });

  it('personal replies are ephemeral; the leaderboard is for the channel', async () => {
    const streak = (await run('streak')).response.data as { flags?: number };
    expect((streak.flags ?? 0) & 64).toBe(64);
    const board = (await run('leaderboard')).response.data as { flags?: number };
    expect((board.flags ?? 0) & 64).toBe(0);
  });

  it('Answer button -> modal -> submit: commits, defers before grading ends, then edits in the feedback', async () => {
    const question = await run('question', { topic: 'what-is-rag' });
    expect(shown(question.response)).toContain('coach:answer:what-is-rag');
    const click = fake.clickButton('coach:answer:what-is-rag', { user: ADA, channelId: CHANNEL });
    const modal = await click.response;
    expect(modal.type).toBe(9);
    expect(JSON.stringify(modal.data)).toContain('"max_length":4000');

    let release: () => void = () => {};
    hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const submit = fake.submitModal('coach_answer:what-is-rag', {
      user: ADA,
      channelId: CHANNEL,
      fields: { answer: GOOD_RAG_ANSWER },
    });
    const ack = await submit.response;
    events.push('deferred');
    expect(ack.type).toBe(5);
    expect((await rowCounts(testDb.database)).answers).toBe(1);
    release();
    await fake.waitFor((request) => request.method === 'PATCH' && request.path.includes(submit.token));
    expect(events.indexOf('deferred')).toBeLessThan(events.indexOf('grading finished'));
    const feedback = fake.messages.find((m) => m.interactionId === submit.id);
    expect(JSON.stringify(feedback?.embeds)).toMatch(/Score/);
    expect(feedback?.ephemeral).toBe(true);
    expect(feedback?.allowed_mentions).toEqual({ parse: [] });
  });

  it('the same modal submission delivered twice records one answer', async () => {
    await run('question', { topic: 'what-is-rag' }, GRACE);
    const before = (await rowCounts(testDb.database)).answers ?? 0;
    const first = fake.submitModal('coach_answer:what-is-rag', {
      user: GRACE,
      channelId: CHANNEL,
      fields: { answer: 'Retrieval puts documents in the prompt.' },
    });
    await first.response;
    // Discord redelivers the very same interaction (same id): replay its payload.
    await fake.dispatch('INTERACTION_CREATE', first.payload);
    await fake.waitFor((request) => request.method === 'PATCH' && request.path.includes(first.token));
    await app.coach.drain();
    expect((await rowCounts(testDb.database)).answers).toBe(before + 1);
  });

  it('an answer with @everyone and a role mention is shown verbatim and pings no one', async () => {
    await run('question', { topic: 'what-is-rag' });
    const submit = fake.submitModal('coach_answer:what-is-rag', {
      user: ADA,
      channelId: CHANNEL,
      fields: { answer: '@everyone <@&123456789012345678> retrieval adds documents to the prompt' },
    });
    await submit.response;
    await fake.waitFor((request) => request.method === 'PATCH' && request.path.includes(submit.token));
    const replies = fake.messages.filter((m) => m.interactionId === submit.id);
    expect(replies.length).toBeGreaterThan(0);
    for (const message of replies) expect(message.allowed_mentions).toEqual({ parse: [] });
  });

  it('/coach answer typed as a command: acknowledged at once, the feedback follows; mentions never ping', async () => {
    await run('question', { topic: 'what-is-rag' }, GRACE);
    let release: () => void = () => {};
    hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { handle, response } = await run('answer', { text: `@everyone ${GOOD_RAG_ANSWER}` }, GRACE);
    events.push('acknowledged');
    expect(shown(response)).toContain('Grading it now');
    release();
    await fake.waitFor(
      (request) =>
        request.method === 'POST' &&
        request.path.includes(`/webhooks/`) &&
        request.path.includes(handle.token),
    );
    expect(events.indexOf('acknowledged')).toBeLessThan(events.indexOf('grading finished'));
    const followUp = fake.messages.find((m) => m.interactionId === handle.id && m.origin === 'followup');
    expect(JSON.stringify(followUp?.embeds)).toMatch(/Score/);
    for (const m of fake.messages.filter((m) => m.interactionId === handle.id))
      expect(m.allowed_mentions).toEqual({ parse: [] });
  });

  it("sends a direct message (a nudge, a notice to an admin) in the member's DM, pinging nobody", async () => {
    // The way the scheduler sends it: a target with a user id, routed by sendVia.
    const { ref } = await sendVia({ discord })(
      { platform: 'discord', tenantId: GUILD, channelId: CHANNEL, userId: ADA },
      {
        sections: [{ type: 'text', text: '🔥 Your 3-day streak is alive @everyone' }],
        visibility: 'ephemeral',
      },
    );
    const sent = fake.messages.find((m) => m.id === ref);
    expect(sent?.channel_id).not.toBe(CHANNEL);
    expect(fake.requests.some((r) => r.method === 'POST' && r.path.endsWith('/users/@me/channels'))).toBe(
      true,
    );
    expect(sent?.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(sent?.embeds)).toContain('3-day streak');
  });

  it('updates a daily post in place (results at the reveal)', async () => {
    const { id } = await discord.postMessage(CHANNEL, {
      sections: [{ type: 'text', text: 'Daily question' }],
      visibility: 'channel',
    });
    await discord.updateMessage(CHANNEL, id, {
      sections: [{ type: 'text', text: '3 answered' }],
      visibility: 'channel',
    });
    const message = fake.messages.find((m) => m.id === id);
    expect(message?.edits).toBe(1);
    expect(JSON.stringify(message?.embeds)).toContain('3 answered');
  });

  it('autocompletes topics and time zones', async () => {
    const topics = await fake.autocomplete({
      name: 'coach',
      subcommand: 'question',
      options: { topic: 'ra' },
      focused: 'topic',
    }).response;
    expect(JSON.stringify(topics.data)).toContain('"value":"rag"');
    const zones = await fake.autocomplete({
      name: 'coach',
      subcommand: 'timezone',
      options: { zone: 'ber' },
      focused: 'zone',
    }).response;
    expect(JSON.stringify(zones.data)).toContain('Europe/Berlin');
  });

  it('posts a daily question through a 429 (retry_after 0) without losing or doubling it', async () => {
    fake.rateLimitNext('POST /channels/:id/messages', { retryAfter: 0 });
    const question = app.bank.byId('what-is-rag');
    if (!question) throw new Error('test bank');
    const { questionReply } = await import('../../../src/core/replies.js');
    const { id } = await discord.postMessage(CHANNEL, { ...questionReply(question), visibility: 'channel' });
    const posted = fake.messages.filter((m) => m.origin === 'channel' && m.id === id);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.allowed_mentions).toEqual({ parse: [] });
    expect(posted[0]?.ephemeral).toBe(false);
  });

  it.each([
    [403, 50001, 'channel'],
    [404, 10003, 'channel'],
    [403, 50013, 'channel'],
  ])('a %i %i from Discord becomes a typed adapter error (%s)', async (status, code, kind) => {
    fake.failNext('POST /channels/:id/messages', { status, code, message: 'nope' });
    await expect(
      discord.postMessage(CHANNEL, { sections: [{ type: 'text', text: 'hi' }], visibility: 'channel' }),
    ).rejects.toMatchObject({ name: 'DiscordAdapterError', code, kind });
  });

  it('marks the guild removed when the bot leaves it', async () => {
    fake.dispatch('GUILD_DELETE', { id: GUILD });
    const { tenants } = await import('../../../src/db/schema.js');
    await expect
      .poll(async () => (await testDb.database.db.select().from(tenants)).map((t) => t.removedAt !== null))
      .toEqual([true]);
  });
});
