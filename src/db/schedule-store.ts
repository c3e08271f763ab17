// The scheduler's persistence over Drizzle: subscriptions, exactly-once post claims with leases, results.
import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Platform } from '../core/invocation.js';
import type { Difficulty } from '../core/points.js';
import type { PostRecord, ScheduleStore, Subscription } from '../core/schedule-store.js';
import type { Db } from './client.js';
import { answers, members, posts, subscriptions, tenants } from './schema.js';

type SubscriptionRow = typeof subscriptions.$inferSelect & { platform: string; externalId: string };

const toSubscription = (row: SubscriptionRow): Subscription => ({
  id: row.id,
  tenantId: row.tenantId,
  platform: row.platform as Platform,
  tenantExternalId: row.externalId,
  channelId: row.channelId,
  localTime: row.localTime,
  timezone: row.timezone,
  weekdays: [...row.weekdays],
  topics: [...row.topics],
  difficulty: (row.difficulty as Difficulty | null) ?? null,
  nudgeTime: row.nudgeTime,
  active: row.active,
  pausedReason: row.pausedReason,
  createdBy: row.createdBy,
});

const toPost = (row: typeof posts.$inferSelect): PostRecord => ({
  id: row.id,
  subscriptionId: row.subscriptionId,
  localDate: row.localDate,
  questionId: row.questionId,
  status: row.status as PostRecord['status'],
  attempts: row.attempts,
  messageRef: row.messageRef,
  sentAt: row.sentAt,
  revealedAt: row.revealedAt,
});

/** Creates the ScheduleStore over an open Drizzle database. */
export function createScheduleStore(db: Db): ScheduleStore {
  const withTenant = () =>
    db
      .select({ subscription: subscriptions, platform: tenants.platform, externalId: tenants.externalId })
      .from(subscriptions)
      .innerJoin(tenants, eq(tenants.id, subscriptions.tenantId));
  const flatten = (row: {
    subscription: typeof subscriptions.$inferSelect;
    platform: string;
    externalId: string;
  }) => toSubscription({ ...row.subscription, platform: row.platform, externalId: row.externalId });

  const subscriptionFor = async (tenantId: number, channelId: string) => {
    const [row] = await withTenant().where(
      and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.channelId, channelId)),
    );
    return row ? flatten(row) : null;
  };

  return {
    subscriptionFor,

    async saveSubscription({ tenantId, channelId, spec, createdBy }) {
      const values = {
        localTime: spec.localTime,
        timezone: spec.timezone,
        weekdays: spec.weekdays,
        topics: spec.topics,
        difficulty: spec.difficulty,
        nudgeTime: spec.nudgeTime,
        active: true,
        pausedReason: null,
        createdBy,
      };
      await db
        .insert(subscriptions)
        .values({ tenantId, channelId, ...values })
        .onConflictDoUpdate({ target: [subscriptions.tenantId, subscriptions.channelId], set: values });
      const saved = await subscriptionFor(tenantId, channelId);
      if (!saved) throw new Error(`Subscription for ${channelId} vanished`);
      return saved;
    },

    async deactivate(tenantId, channelId) {
      const updated = await db
        .update(subscriptions)
        .set({ active: false })
        .where(
          and(
            eq(subscriptions.tenantId, tenantId),
            eq(subscriptions.channelId, channelId),
            eq(subscriptions.active, true),
          ),
        )
        .returning({ id: subscriptions.id });
      return updated.length > 0;
    },

    async activeSubscriptions() {
      const rows = await withTenant()
        .where(and(eq(subscriptions.active, true), isNull(tenants.removedAt)))
        .orderBy(subscriptions.id);
      return rows.map(flatten);
    },

    async claimPost({ subscriptionId, localDate, questionId, now, leaseMs }) {
      const leaseUntil = new Date(now.getTime() + leaseMs);
      // New claim, or take over a claim whose holder died before sending (lease expired). Atomic either way.
      const [row] = await db
        .insert(posts)
        .values({
          subscriptionId,
          localDate,
          questionId,
          status: 'claimed',
          claimedAt: now,
          leaseUntil,
          attempts: 1,
        })
        .onConflictDoUpdate({
          target: [posts.subscriptionId, posts.localDate],
          set: { claimedAt: now, leaseUntil, attempts: sql`${posts.attempts} + 1` },
          setWhere: and(eq(posts.status, 'claimed'), lt(posts.leaseUntil, now)),
        })
        .returning();
      return row ? toPost(row) : null;
    },

    async markSent(postId, messageRef, now) {
      await db.update(posts).set({ status: 'sent', messageRef, sentAt: now }).where(eq(posts.id, postId));
    },

    async markFailed(postId, subscriptionId, reason) {
      await db.update(posts).set({ status: 'failed', error: reason }).where(eq(posts.id, postId));
      await db
        .update(subscriptions)
        .set({ active: false, pausedReason: reason })
        .where(eq(subscriptions.id, subscriptionId));
    },

    async postsOn(localDates) {
      if (localDates.length === 0) return [];
      const rows = await db
        .select()
        .from(posts)
        .where(inArray(posts.localDate, [...localDates]));
      return rows.map(toPost);
    },

    async history(subscriptionId, limit) {
      const rows = await db
        .select()
        .from(posts)
        .where(eq(posts.subscriptionId, subscriptionId))
        .orderBy(desc(posts.localDate))
        .limit(limit);
      return rows.map(toPost);
    },

    async unrevealedBefore(subscriptionId, localDate) {
      const [row] = await db
        .select()
        .from(posts)
        .where(
          and(
            eq(posts.subscriptionId, subscriptionId),
            eq(posts.status, 'sent'),
            isNull(posts.revealedAt),
            lt(posts.localDate, localDate),
          ),
        )
        .orderBy(desc(posts.localDate))
        .limit(1);
      return row ? toPost(row) : null;
    },

    async markRevealed(postId, now) {
      await db.update(posts).set({ revealedAt: now }).where(eq(posts.id, postId));
    },

    async results(post, channelId, tenantId, until) {
      const since = post.sentAt ?? new Date(0);
      // Each member's first graded answer to the question in this channel after the post.
      const rows = await db
        .selectDistinctOn([answers.memberId], {
          memberId: answers.memberId,
          score: answers.score,
          createdAt: answers.createdAt,
          name: members.name,
          hidden: members.leaderboardOptOut,
        })
        .from(answers)
        .innerJoin(members, eq(members.id, answers.memberId))
        .where(
          and(
            eq(answers.tenantId, tenantId),
            eq(answers.channelId, channelId),
            eq(answers.questionId, post.questionId),
            eq(answers.status, 'graded'),
            sql`${answers.createdAt} >= ${since.toISOString()}`,
            sql`${answers.createdAt} < ${until.toISOString()}`,
          ),
        )
        .orderBy(answers.memberId, answers.createdAt);
      const scored = rows.map((row) => ({ ...row, score: row.score ?? 0 }));
      const total = scored.reduce((sum, row) => sum + row.score, 0);
      const top = [...scored]
        .sort((a, b) => b.score - a.score || a.createdAt.getTime() - b.createdAt.getTime())
        .filter((row) => !row.hidden)
        .slice(0, 3)
        .map((row) => ({ name: row.name, score: row.score }));
      return {
        answered: scored.length,
        averageScore: scored.length === 0 ? null : Math.round(total / scored.length),
        top,
      };
    },
  };
}
