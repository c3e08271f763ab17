// The nudge: once a day, at the schedule's nudge time, members with a live streak who have not answered
// today's question get a direct message.
import type { Bank } from '../bank/bank.js';
import type { Logger } from '../core/logger.js';
import { nudgeReply } from '../core/replies.js';
import { dueAt } from '../core/schedule.js';
import type { ScheduleStore } from '../core/schedule-store.js';
import type { Send } from './send-queue.js';

export interface NudgeDeps {
  schedules: ScheduleStore;
  bank: Bank;
  send: Send;
  logger: Logger;
  /** The member's streak when it is alive and today is not counted yet, else null (the coach knows). */
  streakToKeep: (memberId: number, channelId: string) => Promise<number | null>;
}

/** A live streak needs an answer within this many days (two freezes, rest days): older ones are over. */
const RECENT_DAYS = 14;

/**
 * Sends the nudges due at `now`: for each schedule with a nudge time that has passed today (local), whose
 * question went out today, once (claimed on the day's post, so replicas nudge once; a nudge lost to a
 * crash is not sent twice). Returns how many members were nudged.
 */
export async function runNudges(deps: NudgeDeps, now: Date): Promise<{ nudged: number }> {
  const dueOn = dueAt(now);
  const due = (await deps.schedules.activeSubscriptions()).flatMap((subscription) => {
    if (subscription.nudgeTime === null) return [];
    const localDate = dueOn({ ...subscription, localTime: subscription.nudgeTime });
    return localDate ? [{ subscription, localDate }] : [];
  });
  if (due.length === 0) return { nudged: 0 };
  const posts = new Map(
    (await deps.schedules.postsOn([...new Set(due.map((d) => d.localDate))])).map((post) => [
      `${post.subscriptionId}:${post.localDate}`,
      post,
    ]),
  );
  let nudged = 0;
  for (const { subscription, localDate } of due) {
    const post = posts.get(`${subscription.id}:${localDate}`);
    const question = post && deps.bank.byId(post.questionId);
    if (!post || !question || post.status !== 'sent' || post.nudgedAt !== null) continue;
    if (!(await deps.schedules.claimNudge(post.id, now))) continue;
    const candidates = await deps.schedules.nudgeCandidates(subscription, post.sentAt ?? now, RECENT_DAYS);
    for (const candidate of candidates) {
      const streak = await deps.streakToKeep(candidate.memberId, subscription.channelId);
      if (streak === null) continue;
      try {
        await deps.send(
          {
            platform: subscription.platform,
            tenantId: subscription.tenantExternalId,
            channelId: subscription.channelId,
            userId: candidate.userId,
          },
          nudgeReply(streak, question),
        );
        nudged++;
      } catch (error) {
        // A reminder is worth at most one try: no retry loop against a member who blocked DMs.
        deps.logger.warn({ err: error, subscription: subscription.id }, 'nudge not delivered');
      }
    }
  }
  return { nudged };
}
