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
}

export interface PostRecord {
  id: number;
  subscriptionId: number;
  localDate: LocalDate;
  questionId: string;
  status: 'claimed' | 'sent' | 'failed';
  attempts: number;
  messageRef: string | null;
  sentAt: Date | null;
  revealedAt: Date | null;
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
   * Claims (subscription, local date) for this process: a new claim, or one whose lease expired because
   * the process that held it died before sending. Null when another holds or finished it.
   */
  claimPost(input: {
    subscriptionId: number;
    localDate: LocalDate;
    questionId: string;
    now: Date;
    leaseMs: number;
  }): Promise<PostRecord | null>;
  markSent(postId: number, messageRef: string, now: Date): Promise<void>;
  /** A permanent failure: the post is failed and the schedule paused with the reason. */
  markFailed(postId: number, subscriptionId: number, reason: string): Promise<void>;
  /** Every post on these local dates (any subscription): one query tells a tick what is done already. */
  postsOn(localDates: readonly LocalDate[]): Promise<PostRecord[]>;
  /** This subscription's posts, newest first. */
  history(subscriptionId: number, limit: number): Promise<PostRecord[]>;
  /** The latest sent post before `localDate` that was not yet revealed. */
  unrevealedBefore(subscriptionId: number, localDate: LocalDate): Promise<PostRecord | null>;
  markRevealed(postId: number, now: Date): Promise<void>;
  /** Results of the post's question in its channel, from the post until `until`. */
  results(post: PostRecord, channelId: string, tenantId: number, until: Date): Promise<PostResults>;
}
