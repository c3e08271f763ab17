// /coach practice, stats and streak end to end in Discord: slash commands, the Answer button and its modal through
// the real discord.js client against the fake Discord (which refuses what breaks Discord's limits), on the test clock.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { members, reviewCards } from '../../../src/db/schema.js';
import { createRubricGrader } from '../../../src/grading/rubric.js';
import { createTestBank, RAG_QUESTION, testQuestions } from '../../support/bank.js';
import { createTestClock } from '../../support/clock.js';
import { rowCounts, testDatabaseKinds } from '../../support/db.js';
import { DISCORD_TEST_IDS, type DiscordApp, startDiscordApp } from '../../support/discord-app.js';
import type { InteractionHandle, StoredMessage } from '../../support/fake-discord.js';
import { seedAnsweredDays } from '../../support/streak-history.js';

const START = '2026-03-02T09:00:00Z';
const { guild: GUILD, channel: CHANNEL, ada: ADA, grace: GRACE } = DISCORD_TEST_IDS;
const ROLE = '<@&123456789012345678>';
/** A seventh question, so that seven days in a row can each count a new one. */
const bank = createTestBank([
  ...testQuestions,
  { ...RAG_QUESTION, id: 'rag-evaluation', title: 'Evaluating RAG', difficulty: 3 },
]);
/** Covers three key points; its first sentence, which the feedback quotes back, tries to ping. */
const ANSWER =
  `RAG means the system retrieves relevant documents @everyone ${ROLE} from an external index when a query arrives. ` +
  'Those retrieved passages are put into the prompt as context, and the model generates from them. ' +
  'Because the answer is grounded in retrieved context, it reduces hallucination.';

interface Embed {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
}
const embedsOf = (message: StoredMessage) => message.embeds as Embed[];
/** Every text a message shows: titles, descriptions, fields, footers. */
const textsOf = (message: StoredMessage) =>
  embedsOf(message).flatMap((e) => [
    e.title ?? '',
    e.description ?? '',
    ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    e.footer?.text ?? '',
  ]);
const customIdsOf = (message: StoredMessage) =>
  (message.components as { components: { custom_id?: string }[] }[]).flatMap((row) =>
    row.components.map((c) => c.custom_id),
  );

describe.each(testDatabaseKinds)('practice, stats and streak in Discord (%s)', (kind) => {
  let discord: DiscordApp;
  const clock = createTestClock(START);

  beforeAll(async () => {
    discord = await startDiscordApp({ kind, clock, grader: createRubricGrader(), bank });
  });
  afterAll(async () => {
    await discord?.stop();
  });

  /** The message an interaction produced, once Discord accepted it: ephemeral, in embeds, pinging no one. */
  async function shownFor(handle: InteractionHandle, edited: boolean): Promise<StoredMessage> {
    const { fake } = discord;
    const callback = await fake.waitFor(
      (r) => r.method === 'POST' && r.path.startsWith(`/interactions/${handle.id}/`),
    );
    expect(callback.status, JSON.stringify(callback.response)).toBeLessThan(300);
    if (edited) {
      const edit = await fake.waitFor((r) => r.method === 'PATCH' && r.path.includes(handle.token));
      expect(edit.status, JSON.stringify(edit.response)).toBeLessThan(300);
    }
    const message = fake.messages.find((m) => m.interactionId === handle.id);
    if (!message) throw new Error(`no message for interaction ${handle.id}`);
    expect(message.ephemeral).toBe(true);
    expect(message.loading).toBe(false);
    expect(message.content).toBe('');
    expect(message.allowed_mentions).toEqual({ parse: [] });
    return message;
  }

  /** `/coach <subcommand>` by `user`, and the reply they see. */
  async function coach(subcommand: string, options: Record<string, string> = {}, user: string = ADA) {
    const { handle, response } = await discord.run(subcommand, options, user);
    return shownFor(handle, response.type === 5);
  }

  it('practice with no answers yet serves a new question with an Answer button; an unknown topic is refused and writes nothing', async () => {
    clock.set(START);
    const before = await rowCounts(discord.testDb.database);
    const refused = await coach('practice', { topic: 'astrology' });
    expect(embedsOf(refused)[0]?.description).toMatch(
      /^I don't know the topic "astrology"\. Topics: `neural-networks`, .*`rag`/,
    );
    expect(refused.components).toEqual([]);
    expect(await rowCounts(discord.testDb.database)).toEqual(before);

    const served = await coach('practice');
    const [embed] = embedsOf(served);
    expect(embedsOf(served)).toHaveLength(1);
    expect(embed?.title).toBe(RAG_QUESTION.title);
    expect(embed?.description).toContain(RAG_QUESTION.question);
    expect(embed?.footer?.text).toBe('New to you: your score sets when it comes back for review.');
    expect(customIdsOf(served)).toEqual([
      `coach:answer:${RAG_QUESTION.id}`,
      'coach:next',
      `coach:report:${RAG_QUESTION.id}`,
    ]);
    // Serving made it Ada's open question; no review card until an answer is graded.
    expect(await rowCounts(discord.testDb.database)).toMatchObject({ currentQuestions: 1, reviewCards: 0 });
  });

  it('Answer button -> modal -> submit feeds stats; past the card due date practice serves it again as due', async () => {
    clock.set(START);
    const { fake } = discord;
    const served = await coach('practice');
    const answerId = customIdsOf(served).find((id) => id?.startsWith('coach:answer:'));
    expect(answerId).toBe(`coach:answer:${RAG_QUESTION.id}`);

    const click = fake.clickButton(served, { customId: answerId, user: ADA, channelId: CHANNEL });
    const modal = await click.response;
    expect(modal.type).toBe(9);
    expect(modal.data?.custom_id).toBe(`coach_answer:${RAG_QUESTION.id}`);
    const submit = fake.submitModal(`coach_answer:${RAG_QUESTION.id}`, {
      user: ADA,
      channelId: CHANNEL,
      fields: { answer: ANSWER },
    });
    expect((await submit.response).type).toBe(5);
    const feedback = await shownFor(submit, true);
    const score = Number(
      /^(\d+)\/100/.exec(embedsOf(feedback)[0]?.fields?.find((f) => f.name === 'Score')?.value ?? '')?.[1],
    );
    expect(score).toBeGreaterThanOrEqual(0);
    // The feedback quotes Ada's words back, mentions and all, escaped (and allowed_mentions is empty).
    const quoted = textsOf(feedback).join('\n');
    expect(quoted).toContain(`\\@everyone \\${ROLE}`);
    expect(quoted).not.toMatch(/(?<!\\)@everyone|(?<!\\)<@/);
    await discord.app.coach.drain();

    const streak = embedsOf(await coach('streak'))[0]?.description ?? '';
    expect(streak).toContain('Your streak: **1 day** (longest 1 day).');
    expect(streak).toContain(`Last 28 days: \`${'·'.repeat(27)}■\``);

    const stats = embedsOf(await coach('stats'));
    expect(stats).toEqual([
      {
        title: 'Your mastery by area',
        description: [
          '• Transformers: 0/2 answered, 0 due',
          `• RAG and multimodal RAG: 1/4 answered, average ${score}/100, 0 due`,
          '• Fine-tuning and model optimisation: 0/1 answered, 0 due',
        ].join('\n'),
        footer: { text: 'Nothing is due for review. practice serves a new question.' },
      },
    ]);

    // The card's due date, as FSRS set it from the score.
    const [card] = await discord.testDb.database.db
      .select({ due: reviewCards.due })
      .from(reviewCards)
      .innerJoin(members, eq(members.id, reviewCards.memberId))
      .where(and(eq(members.platformUserId, ADA), eq(reviewCards.questionId, RAG_QUESTION.id)));
    if (!card) throw new Error('grading the answer should have created a review card');
    expect(card.due.getTime()).toBeGreaterThan(clock.now().getTime());
    clock.set(new Date(card.due.getTime() - 60_000).toISOString());
    expect(embedsOf(await coach('stats'))[0]?.footer?.text).toMatch(/^Nothing is due for review\./);

    clock.set(new Date(card.due.getTime() + 60_000).toISOString());
    const [due] = embedsOf(await coach('stats'));
    expect(due?.description).toContain(`• RAG and multimodal RAG: 1/4 answered, average ${score}/100, 1 due`);
    expect(due?.footer?.text).toBe('1 question due for review: type practice to start.');
    const again = await coach('practice');
    expect(embedsOf(again)[0]?.title).toBe(RAG_QUESTION.title);
    expect(embedsOf(again)[0]?.footer?.text).toBe(
      'Due for review: you answered this before. Your score sets when it comes back.',
    );
    expect(customIdsOf(again)).toContain(`coach:answer:${RAG_QUESTION.id}`);
  });

  it('streak shows current and longest, freezes earned and spent, and the heatmap line intact', async () => {
    const days = Array.from({ length: 7 }, (_, i) => ({
      date: `2026-04-${String(10 + i).padStart(2, '0')}`,
      questionId: bank.questions[i]?.id ?? '',
    }));
    await seedAnsweredDays(
      discord.testDb.database,
      { platform: 'discord', tenantId: GUILD, userId: GRACE, name: 'Grace' },
      days,
    );
    const streakText = (line: string, freezes: string) =>
      [
        'Your streak: **7 days** (longest 7 days).',
        `Last 28 days: \`${line}\` (■ answered, □ missed, · rest day or before you started, ◇ today)`,
        `${freezes} held (one per 7 days in a row, up to 2; a freeze covers a missed day)`,
      ].join('\n');

    // Seven days in a row up to yesterday earn a freeze; today is not answered yet.
    clock.set('2026-04-17T12:00:00Z');
    expect(embedsOf(await coach('streak', {}, GRACE))).toEqual([
      { description: streakText(`${'·'.repeat(20)}${'■'.repeat(7)}◇`, '1 freeze') },
    ]);

    // A day missed: the freeze covers it, and the streak stands.
    clock.set('2026-04-18T12:00:00Z');
    expect(embedsOf(await coach('streak', {}, GRACE))).toEqual([
      { description: streakText(`${'·'.repeat(19)}${'■'.repeat(7)}□◇`, '0 freezes') },
    ]);
  });

  it('a topic echoed back in a refusal stays inert: @everyone and role mentions are escaped', async () => {
    const before = await rowCounts(discord.testDb.database);
    for (const topic of ['@everyone', ROLE]) {
      const refused = await coach('practice', { topic });
      expect(embedsOf(refused)[0]?.description).toContain(`I don't know the topic "\\${topic}".`);
    }
    expect(await rowCounts(discord.testDb.database)).toEqual(before);
  });
});
