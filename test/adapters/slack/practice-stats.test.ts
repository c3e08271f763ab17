// /coach practice, stats and streak end to end in Slack: slash commands and the answer modal through Bolt over
// HTTP, against the fake Slack, on the test clock; what Slack received is checked against Block Kit's limits.
import type { KnownBlock } from '@slack/types';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { members, reviewCards } from '../../../src/db/schema.js';
import { createRubricGrader } from '../../../src/grading/rubric.js';
import { createTestBank, RAG_QUESTION, testQuestions } from '../../support/bank.js';
import { BLOCK_KIT_LIMITS, mrkdwnProblems, slackLimitProblems } from '../../support/block-kit-limits.js';
import { createTestClock } from '../../support/clock.js';
import { rowCounts, testDatabaseKinds } from '../../support/db.js';
import { FAKE_SLACK_IDS } from '../../support/fake-slack.js';
import { type SlackApp, startSlackApp } from '../../support/slack-app.js';
import { seedAnsweredDays } from '../../support/streak-history.js';

const START = '2026-03-02T09:00:00Z';
const ADA = FAKE_SLACK_IDS.userId;
const GRACE = 'U0GRACE';
/** A seventh question, so that seven days in a row can each count a new one. */
const bank = createTestBank([
  ...testQuestions,
  { ...RAG_QUESTION, id: 'rag-evaluation', title: 'Evaluating RAG', difficulty: 3 },
]);
/** Covers three key points; its first sentence, which the feedback quotes back, tries to ping. */
const ANSWER =
  'RAG means the system retrieves relevant documents <!channel> <@U0GRACE> from an external index when a query arrives. ' +
  'Those retrieved passages are put into the prompt as context, and the model generates from them. ' +
  'Because the answer is grounded in retrieved context, it reduces hallucination.';

interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** The mrkdwn of every section and context block, in order: what the member reads. */
const mrkdwnOf = (blocks: readonly KnownBlock[]) =>
  blocks
    .flatMap((block) =>
      block.type === 'section' && block.text
        ? [block.text.text]
        : block.type === 'context'
          ? block.elements.flatMap((e) => ('text' in e ? [e.text] : []))
          : [],
    )
    .join('\n');

/** A message Slack would take, showing nothing that could ping (only our own links may open with `<`). */
function expectWithinBlockKit({ text, blocks }: SlackMessage) {
  expect(slackLimitProblems(blocks, BLOCK_KIT_LIMITS.messageBlocks)).toEqual([]);
  expect(mrkdwnProblems('fallback text', text, 3000)).toEqual([]);
}

const buttonsOf = (blocks: readonly KnownBlock[]) =>
  blocks.flatMap((block) =>
    block.type === 'actions' ? block.elements.map((e) => [e.action_id, 'value' in e ? e.value : '']) : [],
  );

describe.each(testDatabaseKinds)('practice, stats and streak in Slack (%s)', (kind) => {
  let slack: SlackApp;
  const clock = createTestClock(START);

  beforeAll(async () => {
    slack = await startSlackApp({
      kind,
      clock,
      grader: createRubricGrader(),
      bank,
      users: [
        { id: ADA, name: 'ada', display_name: 'Ada', tz: 'UTC' },
        { id: GRACE, name: 'grace', display_name: 'Grace', tz: 'UTC' },
      ],
    });
  });
  afterAll(async () => {
    await slack?.stop();
  });

  /** `/coach <text>` by `user`: Bolt's ack, the reply only they see, within Block Kit's limits. */
  async function coach(text: string, user: string = ADA): Promise<SlackMessage> {
    const response = await slack.command(text, user);
    expect(response.status).toBe(200);
    const body = response.json as SlackMessage & { response_type: string };
    expect(body.response_type).toBe('ephemeral');
    expectWithinBlockKit(body);
    return body;
  }

  it('practice with no answers yet serves a new question with an Answer button; an unknown topic is refused and writes nothing', async () => {
    clock.set(START);
    const before = await rowCounts(slack.testDb.database);
    const refused = await coach('practice astrology');
    expect(refused.text).toMatch(/^I don't know the topic "astrology"\. Topics: `neural-networks`, .*`rag`/);
    expect(buttonsOf(refused.blocks)).toEqual([]);
    expect(await rowCounts(slack.testDb.database)).toEqual(before);

    const served = await coach('practice');
    expect(served.blocks.map((block) => block.type)).toEqual([
      'header',
      'section',
      'context',
      'context',
      'actions',
    ]);
    expect(served.blocks[0]).toMatchObject({ text: { type: 'plain_text', text: RAG_QUESTION.title } });
    expect(mrkdwnOf(served.blocks)).toContain(RAG_QUESTION.question);
    expect(mrkdwnOf(served.blocks)).toContain('New to you: your score sets when it comes back for review.');
    expect(buttonsOf(served.blocks)).toEqual([
      ['coach:answer', RAG_QUESTION.id],
      ['coach:next', 'next'],
      ['coach:report', RAG_QUESTION.id],
    ]);
    // Serving made it Ada's open question; no review card until an answer is graded.
    expect(await rowCounts(slack.testDb.database)).toMatchObject({ currentQuestions: 1, reviewCards: 0 });
  });

  it('Answer button -> modal -> Submit feeds stats; past the card due date practice serves it again as due', async () => {
    clock.set(START);
    const served = await coach('practice');
    const [, questionId = ''] = buttonsOf(served.blocks).find(([id]) => id === 'coach:answer') ?? [];
    expect(questionId).toBe(RAG_QUESTION.id);

    const { trigger, response } = slack.click('coach:answer', questionId);
    expect((await response).status).toBe(200);
    const opened = await slack.fake.waitForCall('views.open', (call) => call.args.trigger_id === trigger);
    expect((opened.args.view as { callback_id: string }).callback_id).toBe('coach_answer');
    expect((await slack.submitAnswer(ANSWER)).status).toBe(200);
    const graded = await slack.fake.waitForCall(
      'chat.postEphemeral',
      (call) => call.args.user === ADA && String(call.args.text).includes('Score'),
    );
    // The fake keeps a message only when Slack would have taken it.
    const feedback = slack.fake.messages.find((m) => m.ephemeralTo === ADA && m.text === graded.args.text);
    if (!feedback) throw new Error('the fake Slack refused the feedback');
    const message = { text: feedback.text ?? '', blocks: (feedback.blocks ?? []) as KnownBlock[] };
    expectWithinBlockKit(message);
    const score = Number(/Score\W+(\d+)\/100/.exec(message.text)?.[1]);
    expect(score).toBeGreaterThanOrEqual(0);
    // The feedback quotes Ada's words back, mention and all, escaped so it cannot ping.
    expect(mrkdwnOf(message.blocks)).toContain('&lt;!channel&gt; &lt;@U0GRACE&gt;');
    await slack.fake.waitForCall('views.publish', (call) => call.args.user_id === ADA);
    await slack.app.coach.drain();

    const streak = mrkdwnOf((await coach('streak')).blocks);
    expect(streak).toContain('Your streak: *1 day* (longest 1 day).');
    expect(streak).toContain(`Last 28 days: \`${'·'.repeat(27)}■\``);

    const stats = await coach('stats');
    expect(stats.blocks[0]).toMatchObject({ text: { text: 'Your mastery by area' } });
    expect(mrkdwnOf(stats.blocks)).toBe(
      [
        '• Transformers: 0/2 answered, 0 due',
        `• RAG and multimodal RAG: 1/4 answered, average ${score}/100, 0 due`,
        '• Fine-tuning and model optimisation: 0/1 answered, 0 due',
        'Nothing is due for review. `practice` serves a new question.',
      ].join('\n'),
    );

    // The card's due date, as FSRS set it from the score.
    const { db } = slack.testDb.database;
    const [card] = await db
      .select({ due: reviewCards.due })
      .from(reviewCards)
      .innerJoin(members, eq(members.id, reviewCards.memberId))
      .where(and(eq(members.platformUserId, ADA), eq(reviewCards.questionId, questionId)));
    if (!card) throw new Error('grading the answer should have created a review card');
    expect(card.due.getTime()).toBeGreaterThan(clock.now().getTime());
    clock.set(new Date(card.due.getTime() - 60_000).toISOString());
    expect(mrkdwnOf((await coach('stats')).blocks)).toContain('Nothing is due for review.');

    clock.set(new Date(card.due.getTime() + 60_000).toISOString());
    const due = mrkdwnOf((await coach('stats')).blocks);
    expect(due).toContain(`• RAG and multimodal RAG: 1/4 answered, average ${score}/100, 1 due`);
    expect(due).toContain('1 question due for review: type `practice` to start.');
    const again = await coach('practice');
    expect(again.blocks[0]).toMatchObject({ text: { text: RAG_QUESTION.title } });
    expect(mrkdwnOf(again.blocks)).toContain(
      'Due for review: you answered this before. Your score sets when it comes back.',
    );
    expect(buttonsOf(again.blocks)).toContainEqual(['coach:answer', RAG_QUESTION.id]);
  });

  it('streak shows current and longest, freezes earned and spent, and the heatmap line intact', async () => {
    const days = Array.from({ length: 7 }, (_, i) => ({
      date: `2026-04-${String(10 + i).padStart(2, '0')}`,
      questionId: bank.questions[i]?.id ?? '',
    }));
    await seedAnsweredDays(
      slack.testDb.database,
      { platform: 'slack', tenantId: FAKE_SLACK_IDS.teamId, userId: GRACE, name: 'Grace', timezone: 'UTC' },
      days,
    );
    const freezeLine = (n: number) =>
      `${n} freeze${n === 1 ? '' : 's'} held (one per 7 days in a row, up to 2; a freeze covers a missed day)`;

    // Seven days in a row up to yesterday earn a freeze; today is not answered yet.
    clock.set('2026-04-17T12:00:00Z');
    const earned = await coach('streak', GRACE);
    const earnedLine = `${'·'.repeat(20)}${'■'.repeat(7)}◇`;
    expect(mrkdwnOf(earned.blocks)).toBe(
      [
        'Your streak: *7 days* (longest 7 days).',
        `Last 28 days: \`${earnedLine}\` (■ answered, □ missed, · rest day or before you started, ◇ today)`,
        freezeLine(1),
      ].join('\n'),
    );
    expect(earned.text).toContain(earnedLine);

    // A day missed: the freeze covers it, and the streak stands.
    clock.set('2026-04-18T12:00:00Z');
    const spent = await coach('streak', GRACE);
    const spentLine = `${'·'.repeat(19)}${'■'.repeat(7)}□◇`;
    expect(mrkdwnOf(spent.blocks)).toBe(
      [
        'Your streak: *7 days* (longest 7 days).',
        `Last 28 days: \`${spentLine}\` (■ answered, □ missed, · rest day or before you started, ◇ today)`,
        freezeLine(0),
      ].join('\n'),
    );
    expect(spent.text).toContain(spentLine);
  });

  it('a topic echoed back in a refusal stays inert: <!channel> and <@U…> are escaped', async () => {
    const before = await rowCounts(slack.testDb.database);
    for (const topic of ['<!channel>', '<@U0GRACE>']) {
      const refused = await coach(`practice ${topic}`);
      const escaped = topic.replace('<', '&lt;').replace('>', '&gt;');
      expect(mrkdwnOf(refused.blocks)).toContain(`I don't know the topic "${escaped}".`);
      expect(refused.text).toContain(`"${escaped}"`);
    }
    expect(await rowCounts(slack.testDb.database)).toEqual(before);
  });
});
