// One scheduler tick as a plain function of (deps, now): claim what is due in a few statements, then send.
import type { Bank } from '../bank/bank.js';
import type { Logger } from '../core/logger.js';
import { dailyPostReply, revealReply } from '../core/replies.js';
import { dueAt, pickQuestion } from '../core/schedule.js';
import {
  DEFAULT_LEASE_MS,
  POST_HISTORY,
  type PostRecord,
  type PostResults,
  type ScheduleStore,
  type Subscription,
} from '../core/schedule-store.js';
import type { Send } from './send-queue.js';

export interface TickDeps {
  schedules: ScheduleStore;
  bank: Bank;
  /** Posts to the platform: the send queue in production (paced, retried), a plain function in tests. */
  send: Send;
  logger: Logger;
  /** True when a send failure will not heal by retrying (removed from the channel, no permission...). */
  isPermanent?: (error: unknown) => boolean;
  /** How long a claim is held before another tick may take it over (the holder died before sending). */
  leaseMs?: number;
  /** Told when a schedule is paused, so the admin who set it hears why. */
  onPaused?: (subscription: Subscription, reason: string) => Promise<void>;
}

export interface TickResult {
  sent: number;
  /** Due but claimed and held by another process, or done already. */
  skipped: number;
  failed: number;
}

/** A post this process claimed, with the previous post it reveals. */
export interface ClaimedPost {
  subscription: Subscription;
  post: PostRecord;
  previous: PostRecord | undefined;
}

/**
 * Runs one tick as of `now`: claims every due (subscription, local date) in a few statements, then hands
 * the posts to `send` and records each one sent. A claim whose send never completed is taken over after
 * its lease by a later tick, here or in another process.
 */
export async function runTick(deps: TickDeps, now: Date): Promise<TickResult> {
  await expireMissed(deps, now);
  const { claimed, skipped } = await claimDue(deps, now);
  const { sent, failed } = await deliver(deps, claimed, now);
  return { sent, skipped, failed };
}

/** A day lasts at most 26 hours in any zone: a claim whose lease ran out longer ago than that is past its day. */
const PAST_ITS_DAY_MS = 26 * 60 * 60 * 1000;

/**
 * Claims that can no longer be sent (their process died near local midnight, and a day is only caught
 * up on the day) are marked failed and logged, rather than left claimed forever.
 */
async function expireMissed(deps: TickDeps, now: Date): Promise<void> {
  const missed = await deps.schedules.expireClaims(
    new Date(now.getTime() - PAST_ITS_DAY_MS),
    'missed: the process stopped between claim and send, and the local day ended before a retry',
  );
  for (const post of missed) {
    deps.logger.warn(
      { subscription: post.subscriptionId, localDate: post.localDate },
      'a daily question was missed: its post was claimed but never sent, and its day is over',
    );
  }
}

/**
 * Claims what is due at `now` (`dueLocalDate`): every active subscription whose local
 * time has passed today, on a scheduled weekday, and whose post for that local date is neither done nor
 * held under a live lease. A retried claim keeps the question chosen first; a new one picks by rotation.
 */
export async function claimDue(
  deps: TickDeps,
  now: Date,
): Promise<{ claimed: ClaimedPost[]; skipped: number }> {
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const dueOn = dueAt(now);
  const due = (await deps.schedules.activeSubscriptions()).flatMap((subscription) => {
    const localDate = dueOn(subscription);
    return localDate ? [{ subscription, localDate }] : [];
  });
  // One query for what is done or held already, so a tick costs little once the day's posts are out.
  const existing = new Map(
    (await deps.schedules.postsOn([...new Set(due.map((d) => d.localDate))])).map((post) => [
      `${post.subscriptionId}:${post.localDate}`,
      post,
    ]),
  );
  let skipped = 0;
  const open = due.flatMap(({ subscription, localDate }) => {
    const post = existing.get(`${subscription.id}:${localDate}`);
    if (post && (post.status !== 'claimed' || post.leaseUntil.getTime() > now.getTime())) {
      skipped++;
      return [];
    }
    return [{ subscription, localDate, retry: post }];
  });
  const histories = await deps.schedules.histories(
    open.filter((o) => !o.retry).map((o) => o.subscription.id),
    POST_HISTORY,
  );
  const claims = open.flatMap(({ subscription, localDate, retry }) => {
    const questionId =
      retry?.questionId ??
      pickQuestion(
        deps.bank.questions,
        histories.get(subscription.id) ?? [],
        subscription,
        `${subscription.id}:${localDate}`,
      )?.id;
    if (questionId) return [{ subscriptionId: subscription.id, localDate, questionId }];
    deps.logger.warn({ subscription: subscription.id }, 'no question matches this schedule');
    return [];
  });
  const posts = await deps.schedules.claimPosts(claims, now, leaseMs);
  skipped += claims.length - posts.length;
  const bySubscription = new Map(open.map((o) => [o.subscription.id, o.subscription]));
  const unrevealed = await deps.schedules.unrevealed(posts.map((post) => post.subscriptionId));
  const claimed = posts.flatMap((post) => {
    const subscription = bySubscription.get(post.subscriptionId);
    if (!subscription) return [];
    const latest = unrevealed.get(post.subscriptionId);
    return [
      { subscription, post, previous: latest && latest.localDate < post.localDate ? latest : undefined },
    ];
  });
  return { claimed, skipped };
}

/**
 * Sends claimed posts, each with the previous question's reveal, and marks them sent. A permanent failure
 * pauses the schedule and tells `onPaused`; any other leaves the claim for a later tick to retry.
 */
export async function deliver(
  deps: TickDeps,
  claimed: readonly ClaimedPost[],
  now: Date,
): Promise<{ sent: number; failed: number }> {
  const outcomes = await Promise.all(await enqueue(deps, claimed, now));
  const sent = outcomes.filter((outcome) => outcome === 'sent').length;
  return { sent, failed: outcomes.length - sent };
}

/**
 * Reads every reveal's results in one query, then hands each post to `send` (the send queue paces them).
 * Resolves once all are handed on, to each post's outcome.
 */
export async function enqueue(
  deps: TickDeps,
  claimed: readonly ClaimedPost[],
  now: Date,
): Promise<Promise<'sent' | 'failed'>[]> {
  const revealing = claimed.flatMap(({ subscription, previous }) =>
    previous && deps.bank.byId(previous.questionId)
      ? [{ post: previous, channelId: subscription.channelId, tenantId: subscription.tenantId }]
      : [],
  );
  const results = await deps.schedules.results(revealing, now);
  return claimed.map((claim) => {
    const previousResults = claim.previous && results.get(claim.previous.id);
    return post(deps, claim, previousResults, now);
  });
}

async function post(
  deps: TickDeps,
  { subscription, post, previous }: ClaimedPost,
  previousResults: PostResults | undefined,
  now: Date,
): Promise<'sent' | 'failed'> {
  const question = deps.bank.byId(post.questionId);
  if (!question) {
    deps.logger.warn({ post: post.id, question: post.questionId }, 'the claimed question left the bank');
    return 'failed';
  }
  const previousQuestion = previous && deps.bank.byId(previous.questionId);
  const reveal =
    previousQuestion && previousResults ? revealReply(previousQuestion, previousResults) : undefined;
  const target = {
    platform: subscription.platform,
    tenantId: subscription.tenantExternalId,
    channelId: subscription.channelId,
  };
  try {
    const { ref } = await deps.send(target, dailyPostReply(question, reveal));
    await deps.schedules.markSent(post.id, ref, now, reveal ? previous?.id : undefined);
    return 'sent';
  } catch (error) {
    if (deps.isPermanent?.(error)) {
      const reason = error instanceof Error ? error.message : String(error);
      await deps.schedules.markFailed(post.id, subscription.id, reason);
      deps.logger.warn(
        { subscription: subscription.id, reason },
        'schedule paused: the channel refuses posts',
      );
      await deps.onPaused?.(subscription, reason);
    } else {
      // Left claimed: the next tick after the lease retries it.
      deps.logger.warn({ err: error, subscription: subscription.id }, 'post not sent; it will be retried');
    }
    return 'failed';
  }
}
