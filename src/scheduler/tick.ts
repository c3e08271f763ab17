// One scheduler tick as a plain function of (deps, now): claim each due (subscription, local date), then send.
import type { Bank } from '../bank/bank.js';
import type { Logger } from '../core/logger.js';
import { dailyPostReply, revealReply } from '../core/replies.js';
import type { Reply } from '../core/reply.js';
import { pickQuestion, scheduledInstant } from '../core/schedule.js';
import type { ScheduleStore, Subscription } from '../core/schedule-store.js';
import { type LocalDate, localDateAt } from '../core/time.js';

/** Where a post goes. */
export interface PostTarget {
  platform: Subscription['platform'];
  tenantId: string;
  channelId: string;
}

/** Sends a post and returns the platform's message reference; throws on failure. */
export type Send = (target: PostTarget, reply: Reply) => Promise<{ ref: string }>;

export interface TickDeps {
  schedules: ScheduleStore;
  bank: Bank;
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

export const DEFAULT_LEASE_MS = 5 * 60 * 1000;
const HISTORY = 60;

/**
 * Runs one tick as of `now` (the same rule as `dueLocalDate`): every active subscription due at `now` (its local time passed today, on a
 * scheduled weekday) is claimed with a unique (subscription, local date) row and sent once, with the
 * previous question's reveal. A claim whose send never completed is taken over after its lease.
 */
export async function runTick(deps: TickDeps, now: Date): Promise<TickResult> {
  const result: TickResult = { sent: 0, skipped: 0, failed: 0 };
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  // Many subscriptions share a zone and a time: work each local date and due instant out once per tick.
  const localDates = new Map<string, LocalDate>();
  const instants = new Map<string, Date | null>();
  const due = (await deps.schedules.activeSubscriptions()).flatMap((subscription) => {
    const zone = subscription.timezone;
    const localDate = localDates.get(zone) ?? localDateAt(now, zone);
    localDates.set(zone, localDate);
    const key = `${zone}|${localDate}|${subscription.localTime}|${subscription.weekdays.join(',')}`;
    const instant = instants.has(key) ? instants.get(key) : scheduledInstant(subscription, localDate);
    instants.set(key, instant ?? null);
    return instant && now.getTime() >= instant.getTime() ? [{ subscription, localDate }] : [];
  });
  // One query for what is done already, so a tick costs little once the day's posts are out.
  const done = new Set(
    (await deps.schedules.postsOn([...new Set(due.map((d) => d.localDate))]))
      .filter((post) => post.status !== 'claimed')
      .map((post) => `${post.subscriptionId}:${post.localDate}`),
  );
  for (const { subscription, localDate } of due) {
    if (done.has(`${subscription.id}:${localDate}`)) {
      result.skipped++;
      continue;
    }
    const history = await deps.schedules.history(subscription.id, HISTORY);
    const today = history.find((post) => post.localDate === localDate);
    if (today && today.status !== 'claimed') {
      result.skipped++;
      continue;
    }
    // A retried claim keeps the question chosen first; a new one picks by rotation.
    const picked = today
      ? deps.bank.byId(today.questionId)
      : pickQuestion(deps.bank.questions, history, subscription, `${subscription.id}:${localDate}`);
    if (!picked) {
      deps.logger.warn({ subscription: subscription.id }, 'no question matches this schedule');
      continue;
    }
    const post = await deps.schedules.claimPost({
      subscriptionId: subscription.id,
      localDate,
      questionId: picked.id,
      now,
      leaseMs,
    });
    if (!post) {
      result.skipped++;
      continue;
    }
    const question = deps.bank.byId(post.questionId) ?? picked;
    const previous = await deps.schedules.unrevealedBefore(subscription.id, localDate);
    const previousQuestion = previous ? deps.bank.byId(previous.questionId) : undefined;
    const reveal =
      previous && previousQuestion
        ? revealReply(
            previousQuestion,
            await deps.schedules.results(previous, subscription.channelId, subscription.tenantId, now),
          )
        : undefined;
    const target = {
      platform: subscription.platform,
      tenantId: subscription.tenantExternalId,
      channelId: subscription.channelId,
    };
    try {
      const { ref } = await deps.send(target, dailyPostReply(question, reveal));
      await deps.schedules.markSent(post.id, ref, now);
      if (previous) await deps.schedules.markRevealed(previous.id, now);
      result.sent++;
    } catch (error) {
      if (deps.isPermanent?.(error)) {
        const reason = error instanceof Error ? error.message : String(error);
        await deps.schedules.markFailed(post.id, subscription.id, reason);
        deps.logger.warn(
          { subscription: subscription.id, reason },
          'schedule paused: the channel refuses posts',
        );
        await deps.onPaused?.(subscription, reason);
        result.failed++;
      } else {
        // Left claimed: the next tick after the lease retries it.
        deps.logger.warn({ err: error, subscription: subscription.id }, 'post not sent; it will be retried');
        result.failed++;
      }
    }
  }
  return result;
}
