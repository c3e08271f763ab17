// The core's Store over Drizzle: the same queries on Postgres and PGlite, every read scoped by tenant or member.
import { and, desc, eq, lte, or, sql } from 'drizzle-orm';
import type { Difficulty } from '../core/points.js';
import type { AnswerRecord, MemberRecord, MemberRef, Store } from '../core/store.js';
import type { Grade } from '../grading/grader.js';
import type { Db } from './client.js';
import { answers, currentQuestions, members, reports, streaks, subscriptions, tenants } from './schema.js';

type AnswerRow = typeof answers.$inferSelect;

function toAnswer(row: AnswerRow): AnswerRecord {
  return {
    id: row.id,
    tenantId: row.tenantId,
    memberId: row.memberId,
    channelId: row.channelId,
    questionId: row.questionId,
    text: row.text,
    localDate: row.localDate,
    deliveryKey: row.deliveryKey,
    status: row.status === 'graded' ? 'graded' : 'pending',
    grade: (row.feedback as Grade | null) ?? null,
    counted: row.counted,
    points: row.points,
    createdAt: row.createdAt,
  };
}

const memberColumns = {
  id: members.id,
  tenantId: members.tenantId,
  name: members.name,
  timezone: members.timezone,
  platformTimezone: members.platformTimezone,
  leaderboardOptOut: members.leaderboardOptOut,
  tenantTimezone: tenants.timezone,
};

/** Creates the Store the core uses, over an open Drizzle database. */
export function createStore(db: Db): Store {
  const findMember = async (ref: MemberRef): Promise<MemberRecord | null> => {
    const [row] = await db
      .select(memberColumns)
      .from(members)
      .innerJoin(tenants, eq(tenants.id, members.tenantId))
      .where(
        and(
          eq(tenants.platform, ref.platform),
          eq(tenants.externalId, ref.tenantId),
          eq(members.platformUserId, ref.userId),
        ),
      )
      .limit(1);
    return row ?? null;
  };

  const memberById = async (id: number): Promise<MemberRecord | null> => {
    const [row] = await db
      .select(memberColumns)
      .from(members)
      .innerJoin(tenants, eq(tenants.id, members.tenantId))
      .where(eq(members.id, id))
      .limit(1);
    return row ?? null;
  };

  return {
    findMember,
    memberById,

    async resolveMember(ref) {
      const [installation] = await db
        .select({ removedAt: tenants.removedAt })
        .from(tenants)
        .where(and(eq(tenants.platform, ref.platform), eq(tenants.externalId, ref.tenantId)));
      // A workspace that removed the bot and is using it again is back: its data is no longer due for deletion.
      if (installation?.removedAt) {
        await db
          .update(tenants)
          .set({ removedAt: null })
          .where(and(eq(tenants.platform, ref.platform), eq(tenants.externalId, ref.tenantId)));
      }
      const existing = await findMember(ref);
      const platformTimezone = ref.timezone ?? null;
      if (existing && existing.name === ref.name && existing.platformTimezone === platformTimezone)
        return existing;
      if (existing) {
        await db.update(members).set({ name: ref.name, platformTimezone }).where(eq(members.id, existing.id));
        return { ...existing, name: ref.name, platformTimezone };
      }
      await db
        .insert(tenants)
        .values({ platform: ref.platform, externalId: ref.tenantId, timezone: ref.timezone ?? 'UTC' })
        .onConflictDoNothing();
      const [tenant] = await db
        .select({ id: tenants.id })
        .from(tenants)
        .where(and(eq(tenants.platform, ref.platform), eq(tenants.externalId, ref.tenantId)));
      if (!tenant) throw new Error(`Tenant ${ref.platform}:${ref.tenantId} vanished`);
      await db
        .insert(members)
        .values({ tenantId: tenant.id, platformUserId: ref.userId, name: ref.name, platformTimezone })
        .onConflictDoNothing();
      const created = await findMember(ref);
      if (!created) throw new Error(`Member ${ref.userId} vanished`);
      return created;
    },

    async countAnswerers({ tenantId, channelId, questionId, since }) {
      const [row] = await db
        .select({ count: sql<number>`cast(count(distinct ${answers.memberId}) as int)` })
        .from(answers)
        .where(
          and(
            eq(answers.tenantId, tenantId),
            eq(answers.channelId, channelId),
            eq(answers.questionId, questionId),
            sql`${answers.createdAt} >= ${since.toISOString()}`,
          ),
        );
      return row?.count ?? 0;
    },

    async memberSchedules(memberId, channelId) {
      const lastAnswer = sql<string | null>`max(${answers.createdAt})`;
      const rows = await db
        .select({
          channelId: subscriptions.channelId,
          weekdays: subscriptions.weekdays,
          timezone: subscriptions.timezone,
          lastAnswer,
        })
        .from(subscriptions)
        .leftJoin(
          answers,
          and(
            eq(answers.tenantId, subscriptions.tenantId),
            eq(answers.channelId, subscriptions.channelId),
            eq(answers.memberId, memberId),
          ),
        )
        .where(
          and(
            eq(subscriptions.active, true),
            sql`${subscriptions.tenantId} = (select ${members.tenantId} from ${members} where ${members.id} = ${memberId})`,
            or(sql`${answers.id} is not null`, eq(subscriptions.channelId, channelId ?? '')),
          ),
        )
        .groupBy(subscriptions.id)
        .orderBy(sql`${lastAnswer} desc nulls last`);
      if (rows.length === 0) return null;
      // The zone of the channel they are in, else of the scheduled channel they answered in last.
      const zoned = rows.find((row) => row.channelId === channelId) ?? rows[0];
      return {
        weekdays: new Set(rows.flatMap((row) => row.weekdays)),
        timezone: zoned?.timezone ?? 'UTC',
      };
    },

    async deleteTenantsRemovedBefore(cutoff) {
      const deleted = await db
        .delete(tenants)
        .where(sql`${tenants.removedAt} < ${cutoff.toISOString()}`)
        .returning({ id: tenants.id });
      return deleted.length;
    },

    async setTenantRemoved(platform, tenantId, removedAt) {
      await db
        .update(tenants)
        .set({ removedAt })
        .where(and(eq(tenants.platform, platform), eq(tenants.externalId, tenantId)));
    },

    async getCurrentQuestion(memberId, channelId) {
      const [row] = await db
        .select()
        .from(currentQuestions)
        .where(and(eq(currentQuestions.memberId, memberId), eq(currentQuestions.channelId, channelId)));
      if (!row) return null;
      return {
        questionId: row.questionId,
        topic: row.topic,
        difficulty: row.difficulty as Difficulty | null,
      };
    },

    async setCurrentQuestion(memberId, channelId, current) {
      const values = {
        questionId: current.questionId,
        topic: current.topic,
        difficulty: current.difficulty,
        shownAt: new Date(),
      };
      await db
        .insert(currentQuestions)
        .values({ memberId, channelId, ...values })
        .onConflictDoUpdate({ target: [currentQuestions.memberId, currentQuestions.channelId], set: values });
    },

    async countedQuestionIds(memberId) {
      const rows = await db
        .select({ questionId: answers.questionId })
        .from(answers)
        .where(and(eq(answers.memberId, memberId), eq(answers.counted, true)));
      return new Set(rows.map((row) => row.questionId));
    },

    async insertPendingAnswer(answer) {
      const [inserted] = await db
        .insert(answers)
        .values(answer)
        .onConflictDoNothing({ target: answers.deliveryKey })
        .returning();
      if (inserted) return { answer: toAnswer(inserted), duplicate: false };
      const [existing] = await db.select().from(answers).where(eq(answers.deliveryKey, answer.deliveryKey));
      if (!existing) throw new Error(`Answer with delivery key ${answer.deliveryKey} vanished`);
      return { answer: toAnswer(existing), duplicate: true };
    },

    async getAnswer(id) {
      const [row] = await db.select().from(answers).where(eq(answers.id, id));
      return row ? toAnswer(row) : null;
    },

    async pendingAnswerIds() {
      const rows = await db
        .select({ id: answers.id })
        .from(answers)
        .where(eq(answers.status, 'pending'))
        .orderBy(answers.createdAt);
      return rows.map((row) => row.id);
    },

    completeAnswer(id, grade, points, gradedAt) {
      return db.transaction(async (tx) => {
        const [found] = await tx
          .select({ memberId: answers.memberId })
          .from(answers)
          .where(eq(answers.id, id));
        if (!found) throw new Error(`Answer ${id} does not exist`);
        // Lock the member so that two gradings of their answers (or of one answer twice) go one at a
        // time; under READ COMMITTED each statement after the lock sees what the other committed.
        await tx.select({ id: members.id }).from(members).where(eq(members.id, found.memberId)).for('update');
        const [pending] = await tx.select().from(answers).where(eq(answers.id, id));
        if (!pending) throw new Error(`Answer ${id} was deleted while it was graded`);
        if (pending.status === 'graded') return toAnswer(pending);
        const [earlier] = await tx
          .select({ id: answers.id })
          .from(answers)
          .where(
            and(
              eq(answers.memberId, pending.memberId),
              eq(answers.questionId, pending.questionId),
              eq(answers.counted, true),
            ),
          )
          .limit(1);
        const counted = !earlier;
        const [graded] = await tx
          .update(answers)
          .set({
            status: 'graded',
            score: grade.score,
            verdict: grade.verdict,
            feedback: grade,
            grader: grade.grader,
            counted,
            points: counted ? points : 0,
            gradedAt,
          })
          .where(eq(answers.id, id))
          .returning();
        if (!graded) throw new Error(`Answer ${id} vanished while it was graded`);
        return toAnswer(graded);
      });
    },

    async countedDates(memberId) {
      const rows = await db
        .selectDistinct({ localDate: answers.localDate })
        .from(answers)
        .where(and(eq(answers.memberId, memberId), eq(answers.counted, true)));
      return rows.map((row) => row.localDate);
    },

    async saveStreak(memberId, streak) {
      const values = {
        current: streak.current,
        longest: streak.longest,
        lastActiveDate: streak.lastActiveDate,
        updatedAt: new Date(),
      };
      await db
        .insert(streaks)
        .values({ memberId, ...values })
        .onConflictDoUpdate({ target: streaks.memberId, set: values });
    },

    async history(memberId, limit) {
      const rows = await db
        .select()
        .from(answers)
        .where(and(eq(answers.memberId, memberId), eq(answers.status, 'graded')))
        .orderBy(desc(answers.gradedAt), desc(answers.id))
        .limit(limit);
      return rows.map(toAnswer);
    },

    async leaderboard({ tenantId, memberId, since, limit }) {
      const totals = db
        .select({
          memberId: answers.memberId,
          points: sql<number>`cast(sum(${answers.points}) as int)`.as('points'),
          answers: sql<number>`cast(count(*) as int)`.as('answers'),
        })
        .from(answers)
        .innerJoin(members, eq(members.id, answers.memberId))
        .where(
          and(
            eq(answers.tenantId, tenantId),
            eq(answers.counted, true),
            eq(members.leaderboardOptOut, false),
            since ? sql`${answers.createdAt} >= ${since.toISOString()}` : undefined,
          ),
        )
        .groupBy(answers.memberId)
        .as('totals');
      const ranked = db
        .select({
          memberId: totals.memberId,
          name: members.name,
          points: totals.points,
          answers: totals.answers,
          rank: sql<number>`cast(rank() over (order by ${totals.points} desc) as int)`.as('rank'),
          position:
            sql<number>`cast(row_number() over (order by ${totals.points} desc, ${members.name}, ${totals.memberId}) as int)`.as(
              'position',
            ),
          ranked: sql<number>`cast(count(*) over () as int)`.as('ranked'),
        })
        .from(totals)
        .innerJoin(members, eq(members.id, totals.memberId))
        .as('ranked');
      const rows = await db
        .select()
        .from(ranked)
        .where(or(lte(ranked.position, limit), eq(ranked.memberId, memberId)))
        .orderBy(ranked.position);
      const toRow = (row: (typeof rows)[number]) => ({
        rank: row.rank,
        memberId: row.memberId,
        name: row.name,
        points: row.points,
        answers: row.answers,
      });
      const caller = rows.find((row) => row.memberId === memberId);
      return {
        top: rows.filter((row) => row.position <= limit).map(toRow),
        caller: caller ? toRow(caller) : null,
        ranked: rows[0]?.ranked ?? 0,
      };
    },

    async setMemberTimezone(memberId, zone) {
      await db.update(members).set({ timezone: zone }).where(eq(members.id, memberId));
    },

    async setLeaderboardOptOut(memberId, optOut) {
      await db.update(members).set({ leaderboardOptOut: optOut }).where(eq(members.id, memberId));
    },

    async addReport(report) {
      await db.insert(reports).values(report);
    },

    deleteMember(memberId) {
      return db.transaction(async (tx) => {
        const [count] = await tx
          .select({ n: sql<number>`cast(count(*) as int)` })
          .from(answers)
          .where(eq(answers.memberId, memberId));
        // Answers, streak, review cards and current questions go with the member (ON DELETE CASCADE).
        await tx.delete(members).where(eq(members.id, memberId));
        return { answers: count?.n ?? 0 };
      });
    },
  };
}
