// Scheduled jobs as plain functions of (deps, now): the cron wiring in scheduler.ts only decides when.
import type { Logger } from '../core/logger.js';

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
