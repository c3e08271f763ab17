// One scheduler tick over 10,000 due subscriptions: claim each (subscription, local date) and hand it on.
import { performance } from 'node:perf_hooks';
import type { Bank } from '../src/bank/bank.js';
import { silentLogger } from '../src/core/logger.js';
import { type Database, openDatabase } from '../src/db/client.js';
import { createScheduleStore } from '../src/db/schedule-store.js';
import { subscriptions } from '../src/db/schema.js';
import { createStore } from '../src/db/store.js';
import { runTick } from '../src/scheduler/tick.js';

/** Postgres from BENCH_DATABASE_URL (a scratch database: it is written to), else in-memory PGlite. */
export async function measureTick(
  bank: Bank,
  count = 10_000,
): Promise<{ engine: string; ms: number; sent: number }> {
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
    let sent = 0;
    const started = performance.now();
    const result = await runTick(
      {
        schedules: createScheduleStore(database.db),
        bank,
        logger: silentLogger,
        send: async () => ({ ref: `ref-${++sent}` }),
      },
      new Date('2026-03-02T12:00:00Z'),
    );
    return { engine: url ? 'Postgres' : 'PGlite', ms: performance.now() - started, sent: result.sent };
  } finally {
    await database.close();
  }
}
