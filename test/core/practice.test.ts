import { Rating } from 'ts-fsrs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isUserError } from '../../src/core/errors.js';
import {
  createPracticeService,
  type PracticeService,
  type ReviewCardStore,
  ratingFor,
} from '../../src/core/practice.js';
import type { AnswerRecord, Store } from '../../src/core/store.js';
import { createReviewCardStore } from '../../src/db/review-cards.js';
import { createStore } from '../../src/db/store.js';
import type { Grade, GradeFlag } from '../../src/grading/grader.js';
import { createTestBank } from '../support/bank.js';
import { createTestClock } from '../support/clock.js';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/db.js';
import { invocation } from '../support/invocation.js';

const DAY = 24 * 60 * 60 * 1000;
const START = '2026-11-25T10:00:00Z';

const grade = (score: number, flags: GradeFlag[] = []): Grade => ({
  score,
  verdict: score >= 70 ? 'correct' : score >= 40 ? 'partial' : 'incorrect',
  keyPoints: [{ text: 'a point', covered: score >= 50 }],
  feedback: 'ok',
  grader: 'rubric',
  flags,
});

describe('ratingFor', () => {
  it.each([
    [0, 'Again'],
    [39, 'Again'],
    [40, 'Hard'],
    [69, 'Hard'],
    [70, 'Good'],
    [89, 'Good'],
    [90, 'Easy'],
    [100, 'Easy'],
  ] as const)('rates a score of %i as %s', (score, rating) => {
    expect(ratingFor(score)).toBe(Rating[rating]);
  });
});

describe.each(testDatabaseKinds)('practice on %s', (kind) => {
  let testDb: TestDatabase;
  let store: Store;
  let cards: ReviewCardStore;
  let practice: PracticeService;
  const clock = createTestClock(START);
  let keys = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    store = createStore(testDb.database.db);
    cards = createReviewCardStore(testDb.database.db);
    practice = createPracticeService({ store, cards, bank: createTestBank(), now: clock.now });
  });
  beforeEach(() => clock.set(START));
  afterAll(() => testDb.dispose());

  const as = (user: string) => invocation('practice', '', { user: { id: user, name: user } });
  const memberOf = (user: string) =>
    store.resolveMember({
      platform: 'console',
      tenantId: 'team-1',
      userId: user,
      name: user,
      timezone: 'UTC',
    });

  /** Commits an answer now; graded with `score` (and recorded for practice) unless the score is null. */
  async function answer(user: string, questionId: string, score: number | null, flags: GradeFlag[] = []) {
    const who = await memberOf(user);
    const { answer: pending } = await store.insertPendingAnswer({
      tenantId: who.tenantId,
      memberId: who.id,
      channelId: 'general',
      questionId,
      text: 'my answer',
      localDate: clock.now().toISOString().slice(0, 10),
      deliveryKey: `practice-test:${++keys}`,
      createdAt: clock.now(),
    });
    const stored: AnswerRecord =
      score === null ? pending : await store.completeAnswer(pending.id, grade(score, flags), 0, clock.now());
    await practice.record(stored);
    return stored;
  }

  const cardOf = async (user: string, questionId: string) => cards.get((await memberOf(user)).id, questionId);
  const next = async (user: string, topic?: string) => {
    const served = await practice.nextQuestion(as(user), topic);
    return { id: served.question.id, due: served.due, answeredBefore: served.answeredBefore };
  };

  it('brings a badly answered question back within a day, before any new one', async () => {
    await answer('low', 'rag-chunking', 20);
    const card = await cardOf('low', 'rag-chunking');
    expect(card?.lastReview).toEqual(clock.now());
    expect(card?.due.getTime()).toBeGreaterThan(clock.now().getTime());
    expect(card?.due.getTime()).toBeLessThanOrEqual(clock.now().getTime() + DAY);
    // Not due yet: a question new to the member, the easiest first.
    expect(await next('low')).toEqual({ id: 'what-is-rag', due: false, answeredBefore: false });
    clock.advance(DAY);
    expect(await next('low')).toEqual({ id: 'rag-chunking', due: true, answeredBefore: true });
  });

  it('serves the most overdue review first', async () => {
    await answer('overdue', 'attention-basics', 95);
    await answer('overdue', 'lora-basics', 20);
    await answer('overdue', 'rag-chunking', 55);
    clock.advance(30 * DAY);
    const { id } = await memberOf('overdue');
    expect((await cards.due(id, clock.now(), 10)).map((card) => card.questionId)).toEqual([
      'lora-basics',
      'rag-chunking',
      'attention-basics',
    ]);
    expect(await next('overdue')).toEqual({ id: 'lora-basics', due: true, answeredBefore: true });
    // Answered well now, it goes to the back of the queue.
    await answer('overdue', 'lora-basics', 85);
    expect(await next('overdue')).toEqual({ id: 'rag-chunking', due: true, answeredBefore: true });
  });

  it('pushes the next review further out the better the score', async () => {
    const scores = [10, 50, 75, 95];
    for (const score of scores) await answer(`score-${score}`, 'what-is-rag', score);
    const dues = await Promise.all(
      scores.map(async (score) => (await cardOf(`score-${score}`, 'what-is-rag'))?.due.getTime() ?? 0),
    );
    expect(dues.every((due) => due > clock.now().getTime())).toBe(true);
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
    expect(new Set(dues).size).toBe(scores.length);
    // A second good answer spaces the question out further than the first did.
    const first = (await cardOf('score-75', 'what-is-rag'))?.due ?? new Date(0);
    clock.set(first.toISOString());
    await answer('score-75', 'what-is-rag', 75);
    const second = (await cardOf('score-75', 'what-is-rag'))?.due ?? new Date(0);
    expect(second.getTime() - first.getTime()).toBeGreaterThan(first.getTime() - new Date(START).getTime());
  });

  it('treats a copied reference as nothing recalled, whatever its score', async () => {
    await answer('copier', 'what-is-rag', 100, ['copied_reference']);
    await answer('forgetter', 'what-is-rag', 10);
    expect((await cardOf('copier', 'what-is-rag'))?.due).toEqual(
      (await cardOf('forgetter', 'what-is-rag'))?.due,
    );
  });

  it('keeps to the topic asked for', async () => {
    await answer('topical', 'attention-basics', 10);
    clock.advance(60 * 60 * 1000);
    await answer('topical', 'what-is-rag', 10);
    clock.advance(2 * DAY);
    expect(await next('topical')).toEqual({ id: 'attention-basics', due: true, answeredBefore: true });
    expect(await next('topical', 'rag')).toEqual({ id: 'what-is-rag', due: true, answeredBefore: true });
    expect(await next('topical', 'Transformers')).toEqual({
      id: 'attention-basics',
      due: true,
      answeredBefore: true,
    });
    // A unique prefix names a topic, as it does for `question`.
    expect(await next('topical', 'fine')).toEqual({ id: 'lora-basics', due: false, answeredBefore: false });
    await expect(practice.nextQuestion(as('topical'), 'vector-databases')).rejects.toThrow(
      'There are no questions in `vector-databases` yet. Try another topic.',
    );
  });

  it('names the topics when it does not know the one asked for, and writes nothing', async () => {
    const error = await practice.nextQuestion(as('lost'), 'astrology').catch((e: unknown) => e);
    expect(isUserError(error) && error.code).toBe('unknown_topic');
    expect((error as Error).message).toBe(
      'I don\'t know the topic "astrology". Topics: `neural-networks`, `nlp`, `transformers`, `llms`, `rag`, ' +
        '`fine-tuning`, `vector-databases`, `llmops`, `evaluation`.',
    );
    expect(
      await store.findMember({ platform: 'console', tenantId: 'team-1', userId: 'lost', name: 'lost' }),
    ).toBeNull();
  });

  it('serves the review due soonest once every question of the topic is answered and none is due', async () => {
    await answer('done', 'what-is-rag', 95);
    await answer('done', 'rag-chunking', 50);
    await answer('done', 'rag-reranking', 75);
    expect(await next('done', 'rag')).toEqual({ id: 'rag-chunking', due: false, answeredBefore: true });
  });

  it('ignores answers that are not graded yet', async () => {
    await answer('pending', 'what-is-rag', null);
    expect(await cardOf('pending', 'what-is-rag')).toBeNull();
    expect(await next('pending', 'rag')).toEqual({ id: 'what-is-rag', due: false, answeredBefore: false });
  });

  it('sums up mastery per area: best score per question, reviews due now', async () => {
    // rag: what-is-rag best 80 (the later 30 is rated Again: due in a day), rag-chunking 60 (Hard).
    await answer('stats', 'what-is-rag', 80);
    await answer('stats', 'what-is-rag', 30);
    await answer('stats', 'rag-chunking', 60);
    // transformers: attention-basics 90 (Easy); positional-encoding only pending.
    await answer('stats', 'attention-basics', 90);
    await answer('stats', 'positional-encoding', null);
    // Someone else's answers are not the member's.
    await answer('neighbour', 'lora-basics', 100);
    await answer('neighbour', 'positional-encoding', 100);

    const today = await practice.stats(as('stats'));
    expect(today).toEqual({
      byArea: [
        { area: 'transformers', title: 'Transformers', total: 2, answered: 1, averageScore: 90, due: 0 },
        { area: 'rag', title: 'RAG and multimodal RAG', total: 3, answered: 2, averageScore: 70, due: 0 },
        {
          area: 'fine-tuning',
          title: 'Fine-tuning and model optimisation',
          total: 1,
          answered: 0,
          averageScore: null,
          due: 0,
        },
      ],
      dueTotal: 0,
    });
    clock.advance(DAY);
    const tomorrow = await practice.stats(as('stats'));
    expect(tomorrow.byArea.map((row) => [row.area, row.due])).toEqual([
      ['transformers', 0],
      ['rag', 1],
      ['fine-tuning', 0],
    ]);
    expect(tomorrow.dueTotal).toBe(1);
  });
});
