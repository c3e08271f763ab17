// Spaced-repetition practice (FSRS): which question a member should see next, review cards after grades, mastery.
import { type Card, createEmptyCard, type Grade as FsrsGrade, fsrs, Rating, type State } from 'ts-fsrs';
import type { Bank } from '../bank/bank.js';
import { AREAS, type AreaSlug, type Question } from '../bank/types.js';
import { UserError } from './errors.js';
import type { Invocation } from './invocation.js';
import { type AnswerRecord, type MemberRecord, memberRefOf, type Store } from './store.js';

/** A member's FSRS state for one question, as the `review_cards` table keeps it. */
export interface ReviewCardState {
  /** When the question is next due for review. */
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  reps: number;
  lapses: number;
  /** FSRS state: 0 new, 1 learning, 2 review, 3 relearning. */
  state: number;
  lastReview: Date | null;
}

/** One row of `review_cards`. */
export interface ReviewCard extends ReviewCardState {
  memberId: number;
  questionId: string;
}

/** The persistence practice needs: src/db/review-cards.ts implements it. */
export interface ReviewCardStore {
  get(memberId: number, questionId: string): Promise<ReviewCard | null>;
  /** Creates or replaces the member's card for the question. */
  save(memberId: number, questionId: string, card: ReviewCardState): Promise<void>;
  /** The member's cards due at `now`, most overdue first. */
  due(memberId: number, now: Date, limit: number): Promise<ReviewCard[]>;
  /** Every card of the member, soonest due first. */
  all(memberId: number): Promise<ReviewCard[]>;
  /** The member's best graded score per question id. */
  bestScores(memberId: number): Promise<Map<string, number>>;
}

/** What `nextQuestion` serves. */
export interface PracticeQuestion {
  question: Question;
  /** The question's review is due (or overdue) now. */
  due: boolean;
  /** The member has answered it before: false for a question new to them. */
  answeredBefore: boolean;
}

export interface AreaMastery {
  area: AreaSlug;
  title: string;
  /** Questions of the area in the bank. */
  total: number;
  /** Distinct questions of the area with a graded answer. */
  answered: number;
  /** The average of the member's best score per answered question, rounded; null when none is answered. */
  averageScore: number | null;
  /** Questions of the area whose review is due now. */
  due: number;
}

export interface PracticeStats {
  /** Every area that has questions in the bank, in the bank's order. */
  byArea: AreaMastery[];
  dueTotal: number;
}

/**
 * The FSRS rating a score earns: below 40 Again, 40-69 Hard, 70-89 Good, 90 and above Easy.
 *
 * @example ratingFor(75) // Rating.Good
 */
export function ratingFor(score: number): FsrsGrade {
  if (score >= 90) return Rating.Easy;
  if (score >= 70) return Rating.Good;
  if (score >= 40) return Rating.Hard;
  return Rating.Again;
}

// No short-term (re)learning steps: review_cards has no column for them, and repeating an interview
// answer minutes later teaches nothing. Every rating schedules whole days.
const scheduler = fsrs({ enable_short_term: false });

const toFsrsCard = (card: ReviewCardState): Card => ({
  due: card.due,
  stability: card.stability,
  difficulty: card.difficulty,
  elapsed_days: card.elapsedDays,
  scheduled_days: card.scheduledDays,
  learning_steps: 0,
  reps: card.reps,
  lapses: card.lapses,
  state: card.state as State,
  ...(card.lastReview ? { last_review: card.lastReview } : {}),
});

const fromFsrsCard = (card: Card): ReviewCardState => ({
  due: card.due,
  stability: card.stability,
  difficulty: card.difficulty,
  elapsedDays: card.elapsed_days,
  scheduledDays: card.scheduled_days,
  reps: card.reps,
  lapses: card.lapses,
  state: card.state,
  lastReview: card.last_review ?? null,
});

export type PracticeService = ReturnType<typeof createPracticeService>;

/** Creates the practice service over the member store, the review-card store and the bank. */
export function createPracticeService(deps: {
  store: Store;
  cards: ReviewCardStore;
  bank: Bank;
  now?: () => Date;
}) {
  const { store, cards, bank } = deps;
  const now = deps.now ?? (() => new Date());
  const member = (invocation: Invocation): Promise<MemberRecord> =>
    store.resolveMember(memberRefOf(invocation));

  /** The bank's questions in the topic (all of them without one); a UserError for an unknown or empty topic. */
  function poolFor(topic: string | undefined): Question[] {
    const area = topic?.trim() ? bank.resolveTopic(topic) : undefined;
    const pool = bank.filter(area ? { area } : {});
    if (pool.length === 0) {
      throw new UserError(
        'no_questions',
        area
          ? `There are no questions in \`${area}\` yet. Try another topic.`
          : 'The question bank is empty.',
      );
    }
    return pool;
  }

  return {
    /**
     * The member's next practice question in the topic (any topic without one): the most overdue review,
     * else a question they never answered (easiest first), else the review due soonest.
     */
    async nextQuestion(invocation: Invocation, topic?: string): Promise<PracticeQuestion> {
      const pool = poolFor(topic);
      const record = await member(invocation);
      const at = now();
      const inPool = new Map(pool.map((q) => [q.id, q]));
      const [all, scores] = await Promise.all([cards.all(record.id), cards.bestScores(record.id)]);
      const carded = all.filter((card) => inPool.has(card.questionId));
      const [soonest] = carded;
      const soonestQuestion = soonest && inPool.get(soonest.questionId);
      if (soonest && soonestQuestion && soonest.due <= at) {
        return { question: soonestQuestion, due: true, answeredBefore: true };
      }
      const seen = new Set([...scores.keys(), ...all.map((card) => card.questionId)]);
      const fresh = pool.filter((q) => !seen.has(q.id)).sort((a, b) => a.difficulty - b.difficulty);
      if (fresh[0]) return { question: fresh[0], due: false, answeredBefore: false };
      if (soonestQuestion) return { question: soonestQuestion, due: false, answeredBefore: true };
      // Answered before practice kept cards for them: go over the weakest again.
      const weakest = pool
        .filter((q) => scores.has(q.id))
        .sort((a, b) => (scores.get(a.id) ?? 0) - (scores.get(b.id) ?? 0));
      return { question: weakest[0] ?? (pool[0] as Question), due: false, answeredBefore: true };
    },

    /**
     * Reviews the member's card for the answer's question with its grade, as of now (Coach calls this
     * right after grading). Answers without a grade change nothing; a flagged grade (a copied reference,
     * an empty answer) counts as Again, since nothing was recalled.
     */
    async record(answer: AnswerRecord): Promise<void> {
      if (answer.status !== 'graded' || !answer.grade) return;
      const stored = await cards.get(answer.memberId, answer.questionId);
      let at = now();
      // Replicas' clocks may disagree a little, and ts-fsrs refuses a review before the card's last one.
      if (stored?.lastReview && stored.lastReview > at) at = stored.lastReview;
      const card = stored ? toFsrsCard(stored) : createEmptyCard(at);
      const rating = answer.grade.flags.length > 0 ? Rating.Again : ratingFor(answer.grade.score);
      const { card: reviewed } = scheduler.next(card, at, rating);
      await cards.save(answer.memberId, answer.questionId, fromFsrsCard(reviewed));
    },

    /** The member's mastery per area: questions answered, average best score, reviews due now. */
    async stats(invocation: Invocation): Promise<PracticeStats> {
      const record = await member(invocation);
      const at = now();
      const [all, scores] = await Promise.all([cards.all(record.id), cards.bestScores(record.id)]);
      const due = new Set(all.filter((card) => card.due <= at).map((card) => card.questionId));
      const byArea = AREAS.map(({ slug, title }): AreaMastery => {
        const questions = bank.filter({ area: slug });
        const best = questions.flatMap((q) => {
          const score = scores.get(q.id);
          return score === undefined ? [] : [score];
        });
        return {
          area: slug,
          title,
          total: questions.length,
          answered: best.length,
          averageScore:
            best.length === 0 ? null : Math.round(best.reduce((sum, score) => sum + score, 0) / best.length),
          due: questions.filter((q) => due.has(q.id)).length,
        };
      }).filter((row) => row.total > 0);
      return { byArea, dueTotal: byArea.reduce((sum, row) => sum + row.due, 0) };
    },
  };
}
