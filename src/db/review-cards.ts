// Practice's persistence over Drizzle: members' FSRS review cards, and their best score per question.
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { ReviewCard, ReviewCardStore } from '../core/practice.js';
import type { Db } from './client.js';
import { answers, reviewCards } from './schema.js';

const toCard = (row: typeof reviewCards.$inferSelect): ReviewCard => ({
  memberId: row.memberId,
  questionId: row.questionId,
  due: row.due,
  stability: row.stability,
  difficulty: row.difficulty,
  elapsedDays: row.elapsedDays,
  scheduledDays: row.scheduledDays,
  reps: row.reps,
  lapses: row.lapses,
  state: row.state,
  lastReview: row.lastReview,
});

/** Creates the ReviewCardStore over an open Drizzle database. */
export function createReviewCardStore(db: Db): ReviewCardStore {
  return {
    async get(memberId, questionId) {
      const [row] = await db
        .select()
        .from(reviewCards)
        .where(and(eq(reviewCards.memberId, memberId), eq(reviewCards.questionId, questionId)));
      return row ? toCard(row) : null;
    },

    async save(memberId, questionId, card) {
      const values = {
        due: card.due,
        stability: card.stability,
        difficulty: card.difficulty,
        elapsedDays: card.elapsedDays,
        scheduledDays: card.scheduledDays,
        reps: card.reps,
        lapses: card.lapses,
        state: card.state,
        lastReview: card.lastReview,
      };
      await db
        .insert(reviewCards)
        .values({ memberId, questionId, ...values })
        .onConflictDoUpdate({ target: [reviewCards.memberId, reviewCards.questionId], set: values });
    },

    async due(memberId, now, limit) {
      const rows = await db
        .select()
        .from(reviewCards)
        .where(and(eq(reviewCards.memberId, memberId), lte(reviewCards.due, now)))
        .orderBy(asc(reviewCards.due), asc(reviewCards.questionId))
        .limit(limit);
      return rows.map(toCard);
    },

    async all(memberId) {
      const rows = await db
        .select()
        .from(reviewCards)
        .where(eq(reviewCards.memberId, memberId))
        .orderBy(asc(reviewCards.due), asc(reviewCards.questionId));
      return rows.map(toCard);
    },

    async bestScores(memberId) {
      const rows = await db
        .select({
          questionId: answers.questionId,
          best: sql<number>`cast(max(${answers.score}) as int)`,
        })
        .from(answers)
        .where(and(eq(answers.memberId, memberId), eq(answers.status, 'graded')))
        .groupBy(answers.questionId);
      return new Map(rows.map((row) => [row.questionId, row.best ?? 0]));
    },
  };
}
