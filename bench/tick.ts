// One scheduler tick over 10,000 due subscriptions: claim them all, then enqueue, send and record each post.
import { performance } from 'node:perf_hooks';
import type { Bank } from '../src/bank/bank.js';
import { silentLogger } from '../src/core/logger.js';
import { type Database, openDatabase } from '../src/db/client.js';
import { createScheduleStore } from '../src/db/schedule-store.js';
import { subscriptions } from '../src/db/schema.js';
import { createStore } from '../src/db/store.js';
import { createSendQueue } from '../src/scheduler/send-queue.js';
import { claimDue, enqueue } from '../src/scheduler/tick.js';

/** Postgres from BENCH_DATABASE_URL (a scratch database: it is written to), else in-memory PGlite. */
export interface TickDay {
  claimed: number;
  /** Finding what is due and claiming it (a few statements, whatever the count). */
  claimMs: number;
  /** Claim, then the reveals' results (one query) and every post handed to the send queue. */
  enqueueMs: number;
  /** Claim, then enqueue, send and record each post sent (with the reveal from day two on). */
  totalMs: number;
  sent: number;
}

export async function measureTick(bank: Bank, count = 10_000): Promise<{ engine: string; days: TickDay[] }> {
  const url = process.env.BENCH_DATABASE_URL;
  const database: Database = url
    ? await openDatabase({ kind: 'postgres', url, poolSize: 4 })
    : await openDatabase({ kind: 'pglite-memory' });
  await database.migrate();
  try {
    const store = createStore(database.db);
    const tenant = `bench-tick-${Date.now()}`;
    const admin = await store.resolveMember({
      platform: 'console',
      tenantId: tenant,
      userId: 'a',
      name: 'a',
    });
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney'];
    for (let i = 0; i < count; i += 1_000) {
      await database.db.insert(subscriptions).values(
        Array.from({ length: Math.min(1_000, count - i) }, (_, j) => ({
          tenantId: admin.tenantId,
          channelId: `bench-${i + j}`,
          localTime: '00:00',
          timezone: zones[(i + j) % zones.length] as string,
          weekdays: [1, 2, 3, 4, 5, 6, 7],
          createdBy: admin.id,
        })),
      );
    }
    const deps = {
      schedules: createScheduleStore(database.db),
      bank,
      logger: silentLogger,
      // Through the real send queue (console targets: no platform limit), to a platform that answers at once.
      send: createSendQueue({ send: async () => ({ ref: 'ref' }), logger: silentLogger }).push,
    };
    const days: TickDay[] = [];
    // Day one posts only; day two also reveals day one's question with its results, as every later day does.
    for (const at of ['2026-03-02T12:00:00Z', '2026-03-03T12:00:00Z']) {
      const started = performance.now();
      const { claimed } = await claimDue(deps, new Date(at));
      const claimMs = performance.now() - started;
      const outcomes = await enqueue(deps, claimed, new Date(at));
      const enqueueMs = performance.now() - started;
      const sent = (await Promise.all(outcomes)).filter((outcome) => outcome === 'sent').length;
      days.push({ claimed: claimed.length, claimMs, enqueueMs, totalMs: performance.now() - started, sent });
    }
    return { engine: url ? 'Postgres' : 'PGlite', days };
  } finally {
    await database.close();
  }
}
