// The persistence the scheduler needs, as an interface: src/db/schedule-store.ts implements it.
import type { Platform } from './invocation.js';
import type { ScheduleSpec } from './schedule.js';
import type { LocalDate } from './time.js';

export interface Subscription extends ScheduleSpec {
  id: number;
  tenantId: number;
  /** The platform and its tenant id (Slack team, Discord guild, `console`): where to send. */
  platform: Platform;
  tenantExternalId: string;
  channelId: string;
  active: boolean;
  pausedReason: string | null;
  createdBy: number | null;
  /** The platform user id of the admin who set it: told when it pauses. */
  createdByUserId: string | null;
}

export interface PostRecord {
  id: number;
  subscriptionId: number;
  localDate: LocalDate;
  questionId: string;
  status: 'claimed' | 'sent' | 'failed';
  attempts: number;
  /** While a claim is held: another process may take it over after this. */
  leaseUntil: Date;
  messageRef: string | null;
  sentAt: Date | null;
  revealedAt: Date | null;
  nudgedAt: Date | null;
}

export interface PostResults {
  answered: number;
  averageScore: number | null;
  /** The best three, by score then time; members hidden from leaderboards are counted, not named. */
  top: { name: string; score: number }[];
}

export interface ScheduleStore {
  saveSubscription(input: {
    tenantId: number;
    channelId: string;
    spec: ScheduleSpec;
    createdBy: number;
  }): Promise<Subscription>;
  subscriptionFor(tenantId: number, channelId: string): Promise<Subscription | null>;
  /** Turns the channel's schedule off; returns whether there was one. */
  deactivate(tenantId: number, channelId: string): Promise<boolean>;
  /** Every active subscription of every tenant that has not removed the bot. */
  activeSubscriptions(): Promise<Subscription[]>;
  /**
   * Claims (subscription, local date) pairs for this process, in one statement: new claims, and claims
   * whose lease expired because the process that held them died before sending. Returns only the posts
   * this call claimed; the others are held or finished by someone else.
   */
  claimPosts(
    claims: readonly { subscriptionId: number; localDate: LocalDate; questionId: string }[],
    now: Date,
    leaseMs: number,
  ): Promise<PostRecord[]>;
  /** Records the post sent, and (in the same statement) the previous post it revealed. */
  markSent(postId: number, messageRef: string, now: Date, revealedPostId?: number): Promise<void>;
  /**
   * A permanent failure: the post is failed and the schedule paused with the reason, waiting to be told
   * to the admin who set it.
   */
  markFailed(postId: number, subscriptionId: number, reason: string): Promise<void>;
  /**
   * Claims whose lease ran out before `before` and were never sent: their process died and their local
   * day is over (a day is only caught up on the day). Marked failed with the reason; returns them.
   */
  expireClaims(before: Date, reason: string): Promise<PostRecord[]>;
  /** Paused schedules this admin set and has not been told about yet. */
  untoldPauses(admin: { platform: Platform; tenantId: string; userId: string }): Promise<Subscription[]>;
  /** Records that the admin was told; false when someone else told them first. */
  markPauseTold(subscriptionId: number, now: Date): Promise<boolean>;
  /** Claims the day's nudge for a post: true once, for the first caller. */
  claimNudge(postId: number, now: Date): Promise<boolean>;
  /**
   * The channel's members with a chance of a live streak who have not answered since `since`: they
   * answered in the channel before, in the last `withinDays` days. The caller works out their streaks.
   */
  nudgeCandidates(
    subscription: Subscription,
    since: Date,
    withinDays: number,
  ): Promise<{ memberId: number; userId: string }[]>;
  /** Every post on these local dates (any subscription): one query tells a tick what is done already. */
  postsOn(localDates: readonly LocalDate[]): Promise<PostRecord[]>;
  /** Each subscription's posts, newest first, at most `limit` each (subscriptions without any are absent). */
  histories(subscriptionIds: readonly number[], limit: number): Promise<Map<number, PostRecord[]>>;
  /** Each subscription's latest sent post not revealed yet (subscriptions without one are absent). */
  unrevealed(subscriptionIds: readonly number[]): Promise<Map<number, PostRecord>>;
  markRevealed(postId: number, now: Date): Promise<void>;
  /** Results of the post's question in its channel, from the post until `until`. */
  /**
   * Results of each post's question in its channel, from the post until `until`, in one query: keyed by
   * post id (every post given has an entry).
   */
  results(
    revealed: readonly { post: PostRecord; channelId: string; tenantId: number }[],
    until: Date,
  ): Promise<Map<number, PostResults>>;
}

/** Posts of a subscription that rotation looks back on (it never repeats one of the last 30). */
export const POST_HISTORY = 60;
/** How long a claim is held before another process may take it over (the holder died before sending). */
export const DEFAULT_LEASE_MS = 5 * 60 * 1000;
