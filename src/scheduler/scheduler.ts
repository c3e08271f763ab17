// The scheduler: the only place node-cron is imported. Jobs are plain functions; this decides when they run.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../core/logger.js';

export interface ScheduledJob {
  name: string;
  /** A cron expression, in UTC. */
  cron: string;
  run(): Promise<void>;
  /** Also run once when the scheduler starts (catch up after downtime). */
  runAtStart?: boolean;
}

export interface Scheduler {
  start(): Promise<void>;
  /** Stops future runs and waits for runs in flight. */
  stop(): Promise<void>;
}

/** Runs each job on its schedule; a run still in flight is never started twice. */
export function createScheduler(deps: { jobs: readonly ScheduledJob[]; logger: Logger }): Scheduler {
  const tasks: ScheduledTask[] = [];
  const inFlight = new Set<Promise<void>>();
  const run = (job: ScheduledJob) => {
    const work = job.run().catch((error) => deps.logger.error({ err: error, job: job.name }, 'job failed'));
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    return work;
  };
  return {
    async start() {
      for (const job of deps.jobs) {
        tasks.push(
          cron.schedule(job.cron, () => run(job), { name: job.name, timezone: 'UTC', noOverlap: true }),
        );
        if (job.runAtStart) void run(job);
      }
    },
    async stop() {
      for (const task of tasks) await task.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}
