// The coach: what members do (get a question, answer, see streaks and standings), over store, bank and grader.
import type { Bank } from '../bank/bank.js';
import { AREAS, type AreaSlug, type Question } from '../bank/types.js';
import type { Grade, Grader } from '../grading/grader.js';
import { UserError } from './errors.js';
import type { Invocation, Platform } from './invocation.js';
import type { Logger } from './logger.js';
import { type Difficulty, pointsFor } from './points.js';
import {
  type AnswerRecord,
  type Leaderboard,
  type MemberRecord,
  type MemberSchedules,
  memberRefOf,
  type Store,
} from './store.js';
import { computeStreak, heatmap, type Streak } from './streak.js';
import { canonicalZone, firstValidZone, isoWeekday, localDateAt, type Period, periodStart } from './time.js';

/** The core limit on an answer, on every platform. */
export const MAX_ANSWER_LENGTH = 4_000;
export const HISTORY_LIMIT = 10;
export const LEADERBOARD_SIZE = 10;
export const MAX_REPORT_LENGTH = 1_000;
/** How long a removed workspace's or guild's data is kept (in case it comes back). */
export const REMOVED_TENANT_RETENTION_DAYS = 30;

export interface CoachDeps {
  store: Store;
  bank: Bank;
  grader: Grader;
  logger: Logger;
  /** The current instant; tests pass a fixed clock. */
  now?: () => Date;
  /** Uniform in [0, 1); tests pass a seeded one. */
  random?: () => number;
  /** Told about every newly graded answer (spaced-repetition cards follow grades); failures are logged. */
  onGraded?: (answer: AnswerRecord) => Promise<void>;
}

export interface GradedAnswer {
  answer: AnswerRecord;
  question: Question | undefined;
  grade: Grade;
  streak: Streak;
  /** Other questions whose references cover what the answer missed. */
  seeAlso: Question[];
}

export interface SubmittedAnswer {
  answer: AnswerRecord;
  question: Question;
  /** The same delivery was submitted before: nothing new was recorded. */
  duplicate: boolean;
}

export interface Progress {
  streak: Streak;
  /** All-time points. */
  points: number;
  /** All-time rank in the tenant; null with no points or when hidden from leaderboards. */
  rank: number | null;
  ranked: number;
  byArea: { area: AreaSlug; title: string; answered: number; total: number }[];
}

export type Coach = ReturnType<typeof createCoach>;

/**
 * Creates the coach. Answers go through two steps so adapters can acknowledge in between:
 * `submitAnswer` commits a pending answer, `gradeAnswer` grades it.
 */
export function createCoach(deps: CoachDeps) {
  const { store, bank, grader, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const inFlight = new Set<Promise<unknown>>();

  const memberRef = memberRefOf;
  const member = (invocation: Invocation): Promise<MemberRecord> =>
    store.resolveMember(memberRef(invocation));

  /**
   * The member's zone: theirs, else the platform's, else their channel schedule's, else the workspace's,
   * else UTC. The schedule is only looked up when the member and platform have none.
   */
  const zoneOf = async (record: MemberRecord, channelId?: string, schedules?: MemberSchedules) => {
    if (record.timezone || record.platformTimezone)
      return firstValidZone(record.timezone, record.platformTimezone, record.tenantTimezone);
    const scheduled = schedules === undefined ? await store.memberSchedules(record.id, channelId) : schedules;
    return firstValidZone(scheduled?.timezone, record.tenantTimezone);
  };

  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => {});
    return work;
  };

  async function pickQuestion(
    record: MemberRecord,
    channelId: string,
    criteria: { area?: AreaSlug; difficulty?: Difficulty },
  ): Promise<Question> {
    const pool = bank.filter(criteria);
    if (pool.length === 0) {
      const where = [
        criteria.area && `in \`${criteria.area}\``,
        criteria.difficulty && `at difficulty ${criteria.difficulty}`,
      ]
        .filter(Boolean)
        .join(' ');
      throw new UserError(
        'no_questions',
        `There are no questions ${where} yet. Try another topic or difficulty.`,
      );
    }
    const [answered, current] = await Promise.all([
      store.countedQuestionIds(record.id),
      store.getCurrentQuestion(record.id, channelId),
    ]);
    const fresh = pool.filter((q) => !answered.has(q.id) && q.id !== current?.questionId);
    const notCurrent = pool.filter((q) => q.id !== current?.questionId);
    const candidates = fresh.length > 0 ? fresh : notCurrent.length > 0 ? notCurrent : pool;
    return candidates[Math.floor(random() * candidates.length)] ?? (candidates[0] as Question);
  }

  async function serve(
    invocation: Invocation,
    criteria: { topic?: string | undefined; difficulty?: Difficulty | undefined },
  ): Promise<Question> {
    // A question id (shown under every question) asks for that very question.
    const exact = criteria.topic ? bank.byId(criteria.topic.trim().toLowerCase()) : undefined;
    if (exact) {
      const record = await member(invocation);
      await store.setCurrentQuestion(record.id, invocation.channelId, {
        questionId: exact.id,
        topic: exact.area,
        difficulty: null,
      });
      return exact;
    }
    const area = criteria.topic ? bank.resolveTopic(criteria.topic) : undefined;
    const record = await member(invocation);
    const question = await pickQuestion(record, invocation.channelId, {
      ...(area ? { area } : {}),
      ...(criteria.difficulty ? { difficulty: criteria.difficulty } : {}),
    });
    await store.setCurrentQuestion(record.id, invocation.channelId, {
      questionId: question.id,
      topic: area ?? null,
      difficulty: criteria.difficulty ?? null,
    });
    return question;
  }

  /** The member's streak input: their counted days, today, and which days ask for an answer. */
  async function streakInput(record: MemberRecord, channelId?: string) {
    const schedules = await store.memberSchedules(record.id, channelId);
    const today = localDateAt(now(), await zoneOf(record, channelId, schedules));
    const weekdays = schedules?.weekdays;
    return {
      activeDates: await store.countedDates(record.id),
      today,
      // Days on which the member's channels post nothing (weekends on Mon–Fri) never break a streak.
      ...(weekdays ? { isRequiredDay: (date: string) => weekdays.has(isoWeekday(date)) } : {}),
    };
  }

  async function streakOf(record: MemberRecord, channelId?: string): Promise<Streak> {
    return saved(record, computeStreak(await streakInput(record, channelId)));
  }

  async function saved(record: MemberRecord, streak: Streak): Promise<Streak> {
    await store.saveStreak(record.id, streak);
    return streak;
  }

  const seeAlsoOf = (grade: Grade): Question[] =>
    (grade.seeAlso ?? [])
      .map((hit) => bank.byId(hit.questionId))
      .filter((q): q is Question => q !== undefined);

  async function grade(answerId: number): Promise<GradedAnswer> {
    const stored = await store.getAnswer(answerId);
    if (!stored) throw new Error(`Answer ${answerId} does not exist`);
    const question = bank.byId(stored.questionId);
    const record = await store.memberById(stored.memberId);
    if (!record) throw new Error(`Answer ${answerId} belongs to a member who no longer exists`);
    if (stored.status === 'graded' && stored.grade) {
      return {
        answer: stored,
        question,
        grade: stored.grade,
        streak: await streakOf(record, stored.channelId),
        seeAlso: seeAlsoOf(stored.grade),
      };
    }
    if (!question)
      throw new Error(`Answer ${answerId} is for ${stored.questionId}, which is not in the bank`);
    const result = await grader.grade({
      question: question.question,
      reference: question.answer,
      answer: stored.text,
      keyPoints: question.keyPoints,
      questionId: question.id,
    });
    const points = result.flags.length > 0 ? 0 : pointsFor(result.score, question.difficulty);
    const answer = await store.completeAnswer(answerId, result, points, now());
    if (deps.onGraded) {
      await deps
        .onGraded(answer)
        .catch((error) => logger.error({ err: error, answerId }, 'could not update the review card'));
    }
    logger.info(
      { answerId, questionId: question.id, score: result.score, counted: answer.counted },
      'answer graded',
    );
    return {
      answer,
      question,
      grade: result,
      streak: await streakOf(record, stored.channelId),
      seeAlso: seeAlsoOf(result),
    };
  }

  return {
    bank,

    /** Serves a question (preferring ones the member has not answered) and makes it their open question here. */
    question: (
      invocation: Invocation,
      criteria: { topic?: string | undefined; difficulty?: Difficulty | undefined },
    ) => serve(invocation, criteria),

    /** Another question with the same topic and difficulty as the member's open one. */
    async next(invocation: Invocation): Promise<Question> {
      const record = await member(invocation);
      const current = await store.getCurrentQuestion(record.id, invocation.channelId);
      return serve(invocation, {
        topic: current?.topic ?? undefined,
        difficulty: current?.difficulty ?? undefined,
      });
    },

    /**
     * Validates and commits an answer to the member's open question in this channel, as `pending`.
     * Nothing is written when the answer is refused.
     */
    async submitAnswer(invocation: Invocation, rawText: string | undefined): Promise<SubmittedAnswer> {
      const text = (rawText ?? '').trim();
      if (!text) {
        throw new UserError(
          'empty_answer',
          'Your answer is empty. Write it after the command: `answer <your answer>`.',
        );
      }
      if (text.length > MAX_ANSWER_LENGTH)
        throw tooLong('answer', text.length, MAX_ANSWER_LENGTH, ' Shorten it and send it again.');
      // An answer modal names its question: answering it makes it the member's open question here.
      const target = invocation.questionId ? bank.byId(invocation.questionId) : undefined;
      if (target) {
        const record = await member(invocation);
        const current = await store.getCurrentQuestion(record.id, invocation.channelId);
        if (current?.questionId !== target.id) {
          await store.setCurrentQuestion(record.id, invocation.channelId, {
            questionId: target.id,
            topic: target.area,
            difficulty: null,
          });
        }
      }
      // A member who was never seen has no open question: refuse without writing anything.
      const record = await store.findMember(memberRef(invocation));
      const current = record && (await store.getCurrentQuestion(record.id, invocation.channelId));
      const question = current && bank.byId(current.questionId);
      if (!record || !question) {
        throw new UserError(
          'no_open_question',
          'You have no open question here. Type `question` to get one, then `answer <your answer>`.',
        );
      }
      const { answer, duplicate } = await store.insertPendingAnswer({
        tenantId: record.tenantId,
        memberId: record.id,
        channelId: invocation.channelId,
        questionId: question.id,
        text,
        localDate: localDateAt(now(), await zoneOf(record, invocation.channelId)),
        deliveryKey: invocation.deliveryKey ?? `${invocation.platform}:${invocation.id}`,
        createdAt: now(),
      });
      return { answer, question, duplicate };
    },

    /** Grades a committed answer (a graded one is returned as stored). Tracked, so `drain` waits for it. */
    gradeAnswer: (answerId: number): Promise<GradedAnswer> => track(grade(answerId)),

    /** Grades answers left pending by a crash; returns how many were graded. */
    async gradePending(): Promise<number> {
      let graded = 0;
      for (const id of await store.pendingAnswerIds()) {
        try {
          await track(grade(id));
          graded++;
        } catch (error) {
          logger.error({ err: error, answerId: id }, 'could not grade a pending answer');
        }
      }
      return graded;
    },

    /** Resolves when every grading in flight has finished. */
    async drain(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },

    async history(invocation: Invocation) {
      const record = await member(invocation);
      const answers = await store.history(record.id, HISTORY_LIMIT);
      return answers.map((answer) => ({ answer, question: bank.byId(answer.questionId) }));
    },

    /**
     * The member's streak when it is alive and today (their local day) has no counted answer yet: what a
     * nudge reminds them of. Null when there is nothing to remind.
     */
    async streakToKeep(memberId: number, channelId: string): Promise<number | null> {
      const record = await store.memberById(memberId);
      if (!record) return null;
      const input = await streakInput(record, channelId);
      if (input.activeDates.includes(input.today)) return null;
      const { current } = computeStreak(input);
      return current > 0 ? current : null;
    },

    async streak(invocation: Invocation): Promise<Streak & { heatmap: string }> {
      const record = await member(invocation);
      const input = await streakInput(record, invocation.channelId);
      return { ...(await saved(record, computeStreak(input))), heatmap: heatmap(input) };
    },

    async leaderboard(invocation: Invocation, period: Period): Promise<Leaderboard & { optedOut: boolean }> {
      const record = await member(invocation);
      const board = await store.leaderboard({
        tenantId: record.tenantId,
        memberId: record.id,
        since: periodStart(period, now(), record.tenantTimezone),
        limit: LEADERBOARD_SIZE,
      });
      return { ...board, optedOut: record.leaderboardOptOut };
    },

    /** Streak, all-time points and rank, and questions answered per area: the member's progress at a glance. */
    async progress(invocation: Invocation): Promise<Progress> {
      const record = await member(invocation);
      const streak = await streakOf(record);
      const board = await store.leaderboard({
        tenantId: record.tenantId,
        memberId: record.id,
        since: null,
        limit: 1,
      });
      const answered = await store.countedQuestionIds(record.id);
      const byArea = AREAS.map(({ slug, title }) => {
        const questions = bank.questions.filter((q) => q.area === slug);
        return {
          area: slug,
          title,
          answered: questions.filter((q) => answered.has(q.id)).length,
          total: questions.length,
        };
      }).filter((row) => row.total > 0);
      return {
        streak,
        points: board.caller?.points ?? 0,
        rank: record.leaderboardOptOut ? null : (board.caller?.rank ?? null),
        ranked: board.ranked,
        byArea,
      };
    },

    /** The workspace or guild removed the bot (or came back, with `null`). */
    async setTenantRemoved(platform: Platform, tenantId: string, removedAt: Date | null): Promise<void> {
      await store.setTenantRemoved(platform, tenantId, removedAt);
      logger.info({ platform, tenantId, removed: removedAt !== null }, 'tenant installation changed');
    },

    /** How many members answered a question in the invocation's channel since a post: a tally, no scores. */
    async answerers(invocation: Invocation, questionId: string, since: Date): Promise<number> {
      const record = await member(invocation);
      return store.countAnswerers({
        tenantId: record.tenantId,
        channelId: invocation.channelId,
        questionId,
        since,
      });
    },

    /** Deletes the data of workspaces and guilds that removed the bot 30 or more days ago. */
    async purgeRemovedTenants(): Promise<number> {
      const cutoff = new Date(now().getTime() - REMOVED_TENANT_RETENTION_DAYS * 24 * 60 * 60 * 1000);
      const deleted = await store.deleteTenantsRemovedBefore(cutoff);
      if (deleted > 0) logger.info({ deleted }, 'deleted the data of removed workspaces');
      return deleted;
    },

    async setLeaderboardVisibility(invocation: Invocation, hidden: boolean): Promise<void> {
      const record = await member(invocation);
      await store.setLeaderboardOptOut(record.id, hidden);
    },

    /** The member's effective zone and whether they chose it. */
    async timezone(invocation: Invocation): Promise<{ zone: string; chosen: boolean }> {
      const record = await member(invocation);
      return { zone: await zoneOf(record, invocation.channelId), chosen: record.timezone !== null };
    },

    async setTimezone(invocation: Invocation, zone: string): Promise<string> {
      const canonical = canonicalZone(zone);
      if (!canonical) {
        throw new UserError(
          'unknown_timezone',
          `"${zone}" is not a time zone I know. Use an IANA name such as \`Europe/Berlin\`, \`America/New_York\` or \`UTC\`.`,
        );
      }
      const record = await member(invocation);
      await store.setMemberTimezone(record.id, canonical);
      return canonical;
    },

    /**
     * Files a report about a question: the one whose id starts the note, else the member's open
     * question in this channel.
     */
    async report(invocation: Invocation, text: string | undefined): Promise<Question> {
      const trimmed = (text ?? '').trim();
      const first = trimmed.split(/\s+/, 1)[0] ?? '';
      const named = bank.byId(first.toLowerCase());
      const note = (named ? trimmed.slice(first.length) : trimmed).trim();
      if (!note) {
        throw new UserError(
          'empty_report',
          'Tell me what is wrong: `report <what is wrong>` (or `report <question-id> <what is wrong>`).',
        );
      }
      if (note.length > MAX_REPORT_LENGTH) throw tooLong('report', note.length, MAX_REPORT_LENGTH);
      let question = named;
      let record = await store.findMember(memberRef(invocation));
      if (!question && record) {
        const current = await store.getCurrentQuestion(record.id, invocation.channelId);
        question = current ? bank.byId(current.questionId) : undefined;
      }
      if (!question) {
        throw new UserError(
          'no_question_to_report',
          'Which question? Start the report with its id (shown under every question): `report <question-id> <what is wrong>`.',
        );
      }
      record ??= await member(invocation);
      await store.addReport({
        tenantId: record.tenantId,
        memberId: record.id,
        questionId: question.id,
        note,
        createdAt: now(),
      });
      logger.info({ questionId: question.id }, 'question reported');
      return question;
    },

    async forgetMe(invocation: Invocation): Promise<{ answers: number }> {
      const record = await member(invocation);
      return store.deleteMember(record.id);
    },
  };
}

const count = (n: number) => n.toLocaleString('en-US');

/** "Your answer is 4,512 characters; the limit is 4,000." as a UserError coded `<what>_too_long`. */
function tooLong(what: 'answer' | 'report', length: number, max: number, advice = ''): UserError {
  return new UserError(
    `${what}_too_long`,
    `Your ${what} is ${count(length)} characters; the limit is ${count(max)}.${advice}`,
  );
}
