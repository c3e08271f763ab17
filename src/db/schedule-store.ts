// The scheduler's persistence over Drizzle: subscriptions, exactly-once post claims with leases, results.
import { and, desc, eq, inArray, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Platform } from '../core/invocation.js';
import type { Difficulty } from '../core/points.js';
import type { PostRecord, PostResults, ScheduleStore, Subscription } from '../core/schedule-store.js';
import type { Db } from './client.js';
import { answers, members, posts, subscriptions, tenants } from './schema.js';

type SubscriptionRow = typeof subscriptions.$inferSelect & {
  platform: string;
  externalId: string;
  createdByUserId: string | null;
};

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
  createdByUserId: row.createdByUserId,
});

const toPost = (row: typeof posts.$inferSelect): PostRecord => ({
  id: row.id,
  subscriptionId: row.subscriptionId,
  localDate: row.localDate,
  questionId: row.questionId,
  status: row.status as PostRecord['status'],
  attempts: row.attempts,
  leaseUntil: row.leaseUntil,
  messageRef: row.messageRef,
  sentAt: row.sentAt,
  revealedAt: row.revealedAt,
  nudgedAt: row.nudgedAt,
});

/** Rows per statement: well inside Postgres's 65,535 bound parameters. */
const CHUNK = 1_000;

function* chunks<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** A row of the results query, as both drivers return it. */
interface ResultRow {
  post_id: number;
  score: number | null;
  created_at: string | Date;
  name: string;
  hidden: boolean;
}

/** Answered, average and the top three (members hidden from leaderboards are counted, not named). */
function summarize(scored: { score: number; at: number; name: string; hidden: boolean }[]): PostResults {
  const total = scored.reduce((sum, row) => sum + row.score, 0);
  const top = [...scored]
    .sort((a, b) => b.score - a.score || a.at - b.at)
    .filter((row) => !row.hidden)
    .slice(0, 3)
    .map((row) => ({ name: row.name, score: row.score }));
  return {
    answered: scored.length,
    averageScore: scored.length === 0 ? null : Math.round(total / scored.length),
    top,
  };
}

/** Creates the ScheduleStore over an open Drizzle database. */
export function createScheduleStore(db: Db): ScheduleStore {
  const withTenant = () =>
    db
      .select({
        subscription: subscriptions,
        platform: tenants.platform,
        externalId: tenants.externalId,
        createdByUserId: members.platformUserId,
      })
      .from(subscriptions)
      .innerJoin(tenants, eq(tenants.id, subscriptions.tenantId))
      .leftJoin(members, eq(members.id, subscriptions.createdBy));
  const flatten = (row: {
    subscription: typeof subscriptions.$inferSelect;
    platform: string;
    externalId: string;
    createdByUserId: string | null;
  }) => toSubscription({ ...row.subscription, ...row });

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
        pauseNotifiedAt: null,
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

    async claimPosts(claims, now, leaseMs) {
      const leaseUntil = new Date(now.getTime() + leaseMs);
      const claimed: PostRecord[] = [];
      for (const chunk of chunks(claims, CHUNK)) {
        // New claims, or take-overs of claims whose holder died before sending (lease expired). Atomic:
        // of two processes claiming one (subscription, local date), one gets the row back.
        const rows = await db
          .insert(posts)
          .values(
            chunk.map((claim) => ({ ...claim, status: 'claimed', claimedAt: now, leaseUntil, attempts: 1 })),
          )
          .onConflictDoUpdate({
            target: [posts.subscriptionId, posts.localDate],
            set: { claimedAt: now, leaseUntil, attempts: sql`${posts.attempts} + 1` },
            setWhere: and(eq(posts.status, 'claimed'), lt(posts.leaseUntil, now)),
          })
          .returning();
        claimed.push(...rows.map(toPost));
      }
      return claimed;
    },

    async markSent(postId, messageRef, now, revealedPostId) {
      // One statement for both rows: `sent` for today's post, `revealed` for the one it revealed.
      await db
        .update(posts)
        .set({
          status: sql`case when ${posts.id} = ${postId} then 'sent' else ${posts.status} end`,
          messageRef: sql`case when ${posts.id} = ${postId} then ${messageRef} else ${posts.messageRef} end`,
          sentAt: sql`case when ${posts.id} = ${postId} then ${now.toISOString()}::timestamptz else ${posts.sentAt} end`,
          revealedAt: sql`case when ${posts.id} = ${postId} then ${posts.revealedAt} else ${now.toISOString()}::timestamptz end`,
        })
        .where(inArray(posts.id, revealedPostId === undefined ? [postId] : [postId, revealedPostId]));
    },

    async markFailed(postId, subscriptionId, reason) {
      await db.update(posts).set({ status: 'failed', error: reason }).where(eq(posts.id, postId));
      await db
        .update(subscriptions)
        .set({ active: false, pausedReason: reason, pauseNotifiedAt: null })
        .where(eq(subscriptions.id, subscriptionId));
    },

    async expireClaims(before, reason) {
      const rows = await db
        .update(posts)
        .set({ status: 'failed', error: reason })
        .where(and(eq(posts.status, 'claimed'), lt(posts.leaseUntil, before)))
        .returning();
      return rows.map(toPost);
    },

    async untoldPauses(admin) {
      const rows = await withTenant().where(
        and(
          eq(tenants.platform, admin.platform),
          eq(tenants.externalId, admin.tenantId),
          eq(members.platformUserId, admin.userId),
          eq(subscriptions.active, false),
          isNotNull(subscriptions.pausedReason),
          isNull(subscriptions.pauseNotifiedAt),
        ),
      );
      return rows.map(flatten);
    },

    async markPauseTold(subscriptionId, now) {
      const told = await db
        .update(subscriptions)
        .set({ pauseNotifiedAt: now })
        .where(and(eq(subscriptions.id, subscriptionId), isNull(subscriptions.pauseNotifiedAt)))
        .returning({ id: subscriptions.id });
      return told.length > 0;
    },

    async claimNudge(postId, now) {
      const claimed = await db
        .update(posts)
        .set({ nudgedAt: now })
        .where(and(eq(posts.id, postId), isNull(posts.nudgedAt)))
        .returning({ id: posts.id });
      return claimed.length > 0;
    },

    async nudgeCandidates(subscription, since, withinDays) {
      const from = new Date(since.getTime() - withinDays * 24 * 60 * 60 * 1000);
      const rows = await db
        .select({ memberId: members.id, userId: members.platformUserId })
        .from(answers)
        .innerJoin(members, eq(members.id, answers.memberId))
        .where(
          and(
            eq(answers.tenantId, subscription.tenantId),
            eq(answers.channelId, subscription.channelId),
            eq(answers.counted, true),
          ),
        )
        .groupBy(members.id)
        .having(
          and(
            sql`max(${answers.createdAt}) >= ${from.toISOString()}`,
            sql`max(${answers.createdAt}) < ${since.toISOString()}`,
          ),
        );
      return rows;
    },

    async postsOn(localDates) {
      if (localDates.length === 0) return [];
      const rows = await db
        .select()
        .from(posts)
        .where(inArray(posts.localDate, [...localDates]));
      return rows.map(toPost);
    },

    async histories(subscriptionIds, limit) {
      const found = new Map<number, PostRecord[]>();
      for (const chunk of chunks(subscriptionIds, CHUNK)) {
        const ranked = db
          .select({
            id: posts.id,
            rank: sql<number>`row_number() over (partition by ${posts.subscriptionId} order by ${posts.localDate} desc)`.as(
              'rank',
            ),
          })
          .from(posts)
          .where(inArray(posts.subscriptionId, [...chunk]))
          .as('ranked');
        const rows = await db
          .select({ post: posts })
          .from(posts)
          .innerJoin(ranked, eq(ranked.id, posts.id))
          .where(lte(ranked.rank, limit))
          .orderBy(posts.subscriptionId, desc(posts.localDate));
        for (const { post } of rows) {
          const list = found.get(post.subscriptionId) ?? [];
          list.push(toPost(post));
          found.set(post.subscriptionId, list);
        }
      }
      return found;
    },

    async unrevealed(subscriptionIds) {
      const found = new Map<number, PostRecord>();
      for (const chunk of chunks(subscriptionIds, CHUNK)) {
        const rows = await db
          .selectDistinctOn([posts.subscriptionId])
          .from(posts)
          .where(
            and(
              inArray(posts.subscriptionId, [...chunk]),
              eq(posts.status, 'sent'),
              isNull(posts.revealedAt),
            ),
          )
          .orderBy(posts.subscriptionId, desc(posts.localDate));
        for (const row of rows) found.set(row.subscriptionId, toPost(row));
      }
      return found;
    },

    async markRevealed(postId, now) {
      await db.update(posts).set({ revealedAt: now }).where(eq(posts.id, postId));
    },

    async results(revealed, until) {
      const found = new Map<number, PostResults>();
      for (const chunk of chunks(revealed, CHUNK)) {
        const wanted = JSON.stringify(
          chunk.map(({ post, channelId, tenantId }) => ({
            post_id: post.id,
            tenant_id: tenantId,
            channel_id: channelId,
            question_id: post.questionId,
            since: (post.sentAt ?? new Date(0)).toISOString(),
          })),
        );
        // Each member's first graded answer to the post's question in its channel after the post.
        const result = await db.execute(sql`
          select distinct on (p.post_id, ${answers.memberId})
            p.post_id, ${answers.score} as score, ${answers.createdAt} as created_at,
            ${members.name} as name, ${members.leaderboardOptOut} as hidden
          from json_to_recordset(${wanted}::json)
            as p(post_id int, tenant_id int, channel_id text, question_id text, since timestamptz)
          join ${answers} on ${answers.tenantId} = p.tenant_id and ${answers.channelId} = p.channel_id
            and ${answers.questionId} = p.question_id and ${answers.status} = 'graded'
            and ${answers.createdAt} >= p.since and ${answers.createdAt} < ${until.toISOString()}
          join ${members} on ${members.id} = ${answers.memberId}
          order by p.post_id, ${answers.memberId}, ${answers.createdAt}`);
        const byPost = new Map<number, { score: number; at: number; name: string; hidden: boolean }[]>();
        for (const row of (result as unknown as { rows: ResultRow[] }).rows) {
          const list = byPost.get(Number(row.post_id)) ?? [];
          list.push({ ...row, score: row.score ?? 0, at: new Date(row.created_at).getTime() });
          byPost.set(Number(row.post_id), list);
        }
        for (const { post } of chunk) found.set(post.id, summarize(byPost.get(post.id) ?? []));
      }
      return found;
    },
  };
}
