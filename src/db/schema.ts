// The whole relational model of interview-coach: Drizzle tables, their indexes and unique keys.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const ref = (name: string) => bigint(name, { mode: 'number' });
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** A Slack workspace, a Discord guild or the console: every other row belongs to one. */
export const tenants = pgTable(
  'tenants',
  {
    id: id(),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    name: text('name'),
    timezone: text('timezone').notNull().default('UTC'),
    /** Set when the bot is removed; the tenant's data is deleted 30 days later. */
    removedAt: timestamp('removed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tenants_platform_external_id_key').on(t.platform, t.externalId)],
);

/** A person in a tenant, as the platform identifies them. */
export const members = pgTable(
  'members',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    platformUserId: text('platform_user_id').notNull(),
    name: text('name').notNull(),
    /** The zone the member chose with `/coach timezone`; null means "use the platform's". */
    timezone: text('timezone'),
    /** The zone the platform reports (Slack profile, console TZ), refreshed on every use. */
    platformTimezone: text('platform_timezone'),
    leaderboardOptOut: boolean('leaderboard_opt_out').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('members_tenant_user_key').on(t.tenantId, t.platformUserId)],
);

/** A channel's daily-question schedule (at most one per channel). */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    /** Local wall-clock time, HH:MM. */
    localTime: text('local_time').notNull(),
    timezone: text('timezone').notNull(),
    /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
    weekdays: smallint('weekdays').array().notNull(),
    topics: text('topics').array().notNull().default(sql`'{}'::text[]`),
    difficulty: smallint('difficulty'),
    nudgeTime: text('nudge_time'),
    active: boolean('active').notNull().default(true),
    pausedReason: text('paused_reason'),
    /** When the admin who set a paused schedule was told why (by DM or on their next command). */
    pauseNotifiedAt: timestamp('pause_notified_at', { withTimezone: true }),
    createdBy: ref('created_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('subscriptions_tenant_channel_key').on(t.tenantId, t.channelId),
    index('subscriptions_active_idx').on(t.active),
  ],
);

/** One daily post: claimed before it is sent, so replicas post each (subscription, day) once. */
export const posts = pgTable(
  'posts',
  {
    id: id(),
    subscriptionId: ref('subscription_id')
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'cascade' }),
    localDate: date('local_date', { mode: 'string' }).notNull(),
    questionId: text('question_id').notNull(),
    /** claimed -> sent, or failed. */
    status: text('status').notNull().default('claimed'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    messageRef: text('message_ref'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    revealedAt: timestamp('revealed_at', { withTimezone: true }),
    /** When the nudge for this day went out (claimed once, like the post). */
    nudgedAt: timestamp('nudged_at', { withTimezone: true }),
    error: text('error'),
  },
  (t) => [
    uniqueIndex('posts_subscription_local_date_key').on(t.subscriptionId, t.localDate),
    index('posts_status_lease_idx').on(t.status, t.leaseUntil),
  ],
);

/** A member's free-text answer: committed as pending before it is acknowledged, then graded. */
export const answers = pgTable(
  'answers',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    questionId: text('question_id').notNull(),
    postId: ref('post_id').references(() => posts.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    /** pending -> graded. */
    status: text('status').notNull().default('pending'),
    /** The member's local date when they answered: the day it counts for. */
    localDate: date('local_date', { mode: 'string' }).notNull(),
    score: smallint('score'),
    verdict: text('verdict'),
    feedback: jsonb('feedback'),
    grader: text('grader'),
    /** True for the member's first graded attempt at the question: it earns points and streak credit. */
    counted: boolean('counted').notNull().default(false),
    points: integer('points').notNull().default(0),
    /** The platform's id for the submission (Slack view id, Discord interaction id...): redelivery is a no-op. */
    deliveryKey: text('delivery_key').notNull(),
    createdAt: createdAt(),
    gradedAt: timestamp('graded_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('answers_delivery_key_key').on(t.deliveryKey),
    uniqueIndex('answers_counted_once_key').on(t.memberId, t.questionId).where(sql`${t.counted}`),
    index('answers_pending_idx').on(t.createdAt).where(sql`${t.status} = 'pending'`),
    index('answers_member_created_idx').on(t.memberId, t.createdAt),
    index('answers_tenant_counted_created_idx').on(t.tenantId, t.createdAt).where(sql`${t.counted}`),
    index('answers_post_idx').on(t.postId),
  ],
);

/** The question a member was last shown in a channel: what `/coach answer` answers. */
export const currentQuestions = pgTable(
  'current_questions',
  {
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    questionId: text('question_id').notNull(),
    /** The topic and difficulty the member asked for, so `next` keeps to them. */
    topic: text('topic'),
    difficulty: smallint('difficulty'),
    shownAt: timestamp('shown_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.channelId] })],
);

/** A member's streak, recomputed from their counted answers whenever one is graded. */
export const streaks = pgTable('streaks', {
  memberId: ref('member_id')
    .primaryKey()
    .references(() => members.id, { onDelete: 'cascade' }),
  current: integer('current').notNull().default(0),
  longest: integer('longest').notNull().default(0),
  lastActiveDate: date('last_active_date', { mode: 'string' }),
  freezes: integer('freezes').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Spaced-repetition state (FSRS) of one question for one member. */
export const reviewCards = pgTable(
  'review_cards',
  {
    memberId: ref('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    questionId: text('question_id').notNull(),
    due: timestamp('due', { withTimezone: true }).notNull(),
    stability: doublePrecision('stability').notNull(),
    difficulty: doublePrecision('difficulty').notNull(),
    elapsedDays: integer('elapsed_days').notNull().default(0),
    scheduledDays: integer('scheduled_days').notNull().default(0),
    reps: integer('reps').notNull().default(0),
    lapses: integer('lapses').notNull().default(0),
    state: smallint('state').notNull().default(0),
    lastReview: timestamp('last_review', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.questionId] }),
    index('review_cards_member_due_idx').on(t.memberId, t.due),
  ],
);

/** A member's note about a question (wrong reference, unclear wording...). */
export const reports = pgTable(
  'reports',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    memberId: ref('member_id').references(() => members.id, { onDelete: 'set null' }),
    questionId: text('question_id').notNull(),
    note: text('note').notNull(),
    createdAt: createdAt(),
    /** Set by a maintainer once the question is fixed (or the report answered); open reports have none. */
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    index('reports_question_idx').on(t.questionId),
    index('reports_open_idx').on(t.createdAt).where(sql`${t.resolvedAt} is null`),
  ],
);
