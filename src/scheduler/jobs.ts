// Scheduled jobs as plain functions of (deps, now): the cron wiring in scheduler.ts only decides when.
import type { Logger } from '../core/logger.js';
import { schedulePausedReply } from '../core/replies.js';
import type { ScheduleStore } from '../core/schedule-store.js';
import { type NudgeDeps, runNudges } from './nudge.js';
import type { Send } from './send-queue.js';
import { runTick, type TickDeps, type TickResult } from './tick.js';

/** What the maintenance job needs from the coach. */
export interface MaintenanceDeps {
  purgeRemovedTenants(): Promise<number>;
  logger: Logger;
}

/** Daily: deletes the data of workspaces and guilds that removed the bot 30 or more days ago. */
export async function maintenanceJob(deps: MaintenanceDeps): Promise<void> {
  try {
    await deps.purgeRemovedTenants();
  } catch (error) {
    deps.logger.error({ err: error }, 'maintenance failed; it runs again tomorrow');
  }
}

export interface DailyQuestionsDeps extends TickDeps {
  /** The coach's answer to "whom would a nudge help": see `runNudges`. */
  streakToKeep: NudgeDeps['streakToKeep'];
}

/**
 * Every minute: posts the daily questions that are due (catching up the same local day), tells the
 * admins of schedules that paused, then sends the nudges that are due.
 */
export async function dailyQuestionsJob(
  deps: DailyQuestionsDeps,
  now: Date,
): Promise<TickResult & { nudged: number }> {
  const posted = await runTick(deps, now);
  const { nudged } = await runNudges(deps, now);
  return { ...posted, nudged };
}

/**
 * Tells the admin who set a schedule that it paused, by direct message; when that fails too (or they
 * are unknown), the notice waits for their next command. Told once either way.
 */
export function tellAdminByDirectMessage(deps: {
  schedules: ScheduleStore;
  send: Send;
  logger: Logger;
  now?: () => Date;
}): NonNullable<TickDeps['onPaused']> {
  return async (subscription, reason) => {
    if (!subscription.createdByUserId) return;
    try {
      await deps.send(
        {
          platform: subscription.platform,
          tenantId: subscription.tenantExternalId,
          channelId: subscription.channelId,
          userId: subscription.createdByUserId,
        },
        schedulePausedReply({ channelId: subscription.channelId, pausedReason: reason }),
      );
      await deps.schedules.markPauseTold(subscription.id, deps.now?.() ?? new Date());
    } catch (error) {
      deps.logger.warn(
        { err: error, subscription: subscription.id },
        'could not tell the admin by direct message; they will hear it on their next command',
      );
    }
  };
}
