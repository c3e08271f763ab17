import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/logger.js';
import { maintenanceJob } from '../../src/scheduler/jobs.js';
import { createScheduler } from '../../src/scheduler/scheduler.js';

const recordingLogger = (lines: string[]): Logger => ({
  debug() {},
  info() {},
  warn() {},
  error: (_obj, msg) => lines.push(msg ?? ''),
});

describe('maintenance job', () => {
  it('purges removed tenants; a failure is logged and never thrown', async () => {
    const lines: string[] = [];
    let purged = 0;
    await maintenanceJob({ purgeRemovedTenants: async () => ++purged, logger: recordingLogger(lines) });
    expect(purged).toBe(1);
    await maintenanceJob({
      purgeRemovedTenants: async () => {
        throw new Error('database down');
      },
      logger: recordingLogger(lines),
    });
    expect(lines).toEqual(['maintenance failed; it runs again tomorrow']);
  });
});

describe('scheduler', () => {
  it('runs catch-up jobs at start, and stop waits for a run in flight', async () => {
    const events: string[] = [];
    let release: () => void = () => {};
    const scheduler = createScheduler({
      logger: recordingLogger([]),
      jobs: [
        {
          name: 'held',
          cron: '0 0 1 1 *',
          runAtStart: true,
          run: async () => {
            events.push('started');
            await new Promise<void>((resolve) => {
              release = resolve;
            });
            events.push('finished');
          },
        },
      ],
    });
    await scheduler.start();
    expect(events).toEqual(['started']);
    const stopped = scheduler.stop().then(() => events.push('stopped'));
    release();
    await stopped;
    expect(events).toEqual(['started', 'finished', 'stopped']);
  });
});
