import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackAdapterError } from '../../src/adapters/slack/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { replyToPlainText } from '../../src/core/reply.js';
import { parseScheduleSpec, scheduledInstant } from '../../src/core/schedule.js';
import type { ScheduleStore } from '../../src/core/schedule-store.js';
import type { Database } from '../../src/db/client.js';
import { createScheduleStore } from '../../src/db/schedule-store.js';
import { createStore } from '../../src/db/store.js';
import { type App, isPermanent } from '../../src/main.js';
import type { Send } from '../../src/scheduler/send-queue.js';
import { runTick } from '../../src/scheduler/tick.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestBank, testQuestions } from '../support/bank.js';
import { createTestClock, seededRandom } from '../support/clock.js';
import { rowCounts, type TestDatabase, testDatabaseKinds } from '../support/db.js';
import { invocation } from '../support/invocation.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** A sender that records what it was asked to post, and can fail on cue. */
function recordingSender() {
  const sent: { channelId: string; text: string }[] = [];
  let failNext: unknown;
  const send: Send = async (target, reply) => {
    if (failNext !== undefined) {
      const error = failNext;
      failNext = undefined;
      throw error;
    }
    sent.push({ channelId: target.channelId, text: replyToPlainText(reply) });
    return { ref: `ref-${sent.length}` };
  };
  return {
    send,
    sent,
    failOnce(error: unknown) {
      failNext = error;
    },
  };
}

describe.each(testDatabaseKinds)('scheduler on %s', (kind) => {
  let testDb: TestDatabase;
  let app: App;
  const clock = createTestClock('2026-03-02T07:00:00Z');
  const bank = createTestBank();
  let n = 0;
  const as = (
    command: string,
    text: string,
    options: { channel?: string; admin?: boolean; tenant?: string } = {},
  ) =>
    app.runtime.handle(
      invocation(command, text, {
        tenantId: options.tenant ?? 'team-s',
        channelId: options.channel ?? 'daily',
        user: { id: 'admin', name: 'Admin', isAdmin: options.admin ?? true },
        deliveryKey: `sched:${++n}`,
      }),
    );
  const say = async (...args: Parameters<typeof as>) => replyToPlainText(await as(...args));

  let started: TestApp;
  beforeAll(async () => {
    started = await startTestApp({ kind, bank, clock, seed: 11 });
    ({ testDb, app } = started);
  });
  afterAll(() => started.stop());
  beforeEach(() => clock.set('2026-03-02T07:00:00Z'));

  const tick = (send: Send, at: Date, schedules: ScheduleStore = app.schedules, leaseMs?: number) =>
    runTick(
      { schedules, bank, send, logger: silentLogger, isPermanent, ...(leaseMs ? { leaseMs } : {}) },
      at,
    );

  it('schedule set/show/off: admins only, bad input refused with the usage line and nothing saved', async () => {
    const before = await rowCounts(testDb.database);
    expect(await say('schedule', 'set 09:00', { admin: false, channel: 'c-guard' })).toContain(
      'Only workspace admins',
    );
    for (const bad of [
      '25:00',
      '9.30',
      '09:00 tz=Mars/Olympus',
      '09:00 days=funday',
      '09:00 topics=cooking',
      '09:00 colour=blue',
    ]) {
      const reply = await say('schedule', `set ${bad}`, { channel: 'c-guard' });
      expect(reply, bad).toMatch(/schedule set|Usage/);
    }
    const after = await rowCounts(testDb.database);
    expect(after.subscriptions ?? 0).toBe(before.subscriptions ?? 0);
    expect(
      await say('schedule', 'set 09:00 tz=Europe/Berlin days=mon-fri', { channel: 'c-guard' }),
    ).toContain('09:00 Europe/Berlin');
    expect(await say('schedule', 'show', { admin: false, channel: 'c-guard' })).toContain('Mon–Fri');
    expect(await say('schedule', 'off', { channel: 'c-guard' })).toContain('No more daily questions');
    expect(await say('schedule', 'show', { channel: 'c-guard' })).toContain('is off');
  });

  it('posts at the local time once, reveals it with the next post, and catches up the same local day only', async () => {
    await say('schedule', 'set 09:00 tz=Europe/Berlin', { channel: 'c-daily' });
    const sender = recordingSender();
    const mine = () => sender.sent.filter((s) => s.channelId === 'c-daily');
    await tick(sender.send, new Date('2026-03-02T07:59:00Z')); // 08:59 in Berlin
    expect(mine()).toHaveLength(0);
    await tick(sender.send, new Date('2026-03-02T08:00:00Z'));
    await tick(sender.send, new Date('2026-03-02T08:01:00Z'));
    expect(mine()).toHaveLength(1);
    expect(mine()[0]?.text).toContain('Question of the day');
    expect(mine()[0]?.text).not.toContain('Key points');
    // The bot was down at 09:00 the next day: it posts at 14:00, with yesterday's answer revealed.
    await tick(sender.send, new Date('2026-03-03T13:00:00Z'));
    expect(mine()).toHaveLength(2);
    expect(mine()[1]?.text).toContain('Key points');
    // Down all of the 4th: nothing is posted for it on the 5th before 09:00.
    await tick(sender.send, new Date('2026-03-05T07:30:00Z'));
    expect(mine()).toHaveLength(2);
    await say('schedule', 'off', { channel: 'c-daily' });
  });

  it('a claim whose send never completed is retried after its lease, and sent once', async () => {
    await say('schedule', 'set 10:00 tz=UTC', { channel: 'c-crash' });
    const sender = recordingSender();
    const mine = () => sender.sent.filter((s) => s.channelId === 'c-crash');
    sender.failOnce(new Error('process died between claim and send'));
    const at = new Date('2026-03-02T10:00:00Z');
    await tick(sender.send, at, app.schedules, 5 * 60 * 1000);
    expect(mine()).toHaveLength(0);
    await tick(sender.send, new Date(at.getTime() + 60_000), app.schedules, 5 * 60 * 1000); // lease still held
    expect(mine()).toHaveLength(0);
    await tick(sender.send, new Date(at.getTime() + 6 * 60_000), app.schedules, 5 * 60 * 1000);
    await tick(sender.send, new Date(at.getTime() + 7 * 60_000), app.schedules, 5 * 60 * 1000);
    expect(mine()).toHaveLength(1);
    await say('schedule', 'off', { channel: 'c-crash' });
  });

  it('a channel that refuses posts pauses its schedule and says why', async () => {
    await say('schedule', 'set 11:00 tz=UTC', { channel: 'c-gone' });
    const sender = recordingSender();
    sender.failOnce(new SlackAdapterError('not_in_channel', 'chat.postMessage'));
    await tick(sender.send, new Date('2026-03-02T11:00:00Z'));
    expect(await say('schedule', 'show', { channel: 'c-gone' })).toContain(
      'paused: Slack chat.postMessage failed: not_in_channel',
    );
    await tick(sender.send, new Date('2026-03-03T11:00:00Z'));
    expect(sender.sent.filter((s) => s.channelId === 'c-gone')).toHaveLength(0);
  });

  it('DST: a 02:30 schedule posts once on the spring-forward day and once on the fall-back day', async () => {
    await say('schedule', 'set 02:30 tz=Europe/Berlin', { channel: 'c-dst' });
    const sender = recordingSender();
    for (const [from, to] of [
      ['2026-03-28T00:00:00Z', '2026-03-30T00:00:00Z'],
      ['2026-10-24T00:00:00Z', '2026-10-26T00:00:00Z'],
    ] as const) {
      for (let t = Date.parse(from); t < Date.parse(to); t += 15 * 60_000)
        await tick(sender.send, new Date(t));
    }
    // One post per local day: Mar 28, Mar 29 (02:30 does not exist: posted 03:30), Oct 24, Oct 25 (02:30 twice: once).
    expect(sender.sent.filter((s) => s.channelId === 'c-dst')).toHaveLength(4);
    await say('schedule', 'off', { channel: 'c-dst' });
  });

  it('exactly once: two schedulers racing over 200 subscriptions in 10 zones for 30 days, with crashes', {
    timeout: 240_000,
  }, async () => {
    const zones = [
      'UTC',
      'Europe/Berlin',
      'Europe/London',
      'America/New_York',
      'America/Los_Angeles',
      'Asia/Kolkata',
      'Asia/Tokyo',
      'Australia/Sydney',
      'Pacific/Auckland',
      'America/Sao_Paulo',
    ];
    // Schedules end well before midnight: a claim that crashed is retried the same local day.
    const times = ['06:00', '09:30', '13:15', '21:45'];
    const db = testDb.database;
    const store = createStore(db.db);
    const tenant = await store.resolveMember({
      platform: 'console',
      tenantId: 'race',
      userId: 'admin',
      name: 'Admin',
    });
    const schedulesA = createScheduleStore(db.db);
    // Postgres: a second scheduler on its own connection. PGlite has one connection: the same race, serialized.
    const other: Database | undefined = testDb.connectAgain ? await testDb.connectAgain() : undefined;
    const schedulesB = other ? createScheduleStore(other.db) : schedulesA;
    const topics = [...new Set(testQuestions.map((q) => q.area))];
    for (let i = 0; i < 200; i++) {
      await schedulesA.saveSubscription({
        tenantId: tenant.tenantId,
        channelId: `race-${i}`,
        spec: parseScheduleSpec(
          {
            time: times[i % times.length],
            tz: zones[i % zones.length],
            days: i % 3 === 0 ? 'mon-fri' : 'daily',
          },
          { timezone: 'UTC' },
          topics,
        ),
        createdBy: tenant.id,
      });
    }
    let sends = 0;
    const random = seededRandom(42);
    const sender: Send = async () => {
      // Now and then the process "dies" between claim and send: nothing is sent, the claim stays.
      if (random() < 0.03) throw new Error('crash');
      sends++;
      return { ref: `ref-${sends}` };
    };
    const lease = 10 * 60_000;
    const start = Date.parse('2026-03-02T00:00:00Z');
    let last = start;
    for (let day = 0; day < 30; day++) {
      // Every quarter hour hits every due instant (the schedules are on quarter hours) and the lease retries;
      // random extra instants add ticks that race for nothing.
      const instants: number[] = [];
      for (let q = 0; q < 96; q++) instants.push(start + day * DAY + q * 15 * 60_000);
      for (let r = 0; r < 8; r++) instants.push(start + day * DAY + Math.floor(random() * DAY));
      instants.sort((a, b) => a - b);
      for (const at of instants) {
        last = at;
        await Promise.all([
          tick(sender, new Date(at), schedulesA, lease),
          tick(sender, new Date(at), schedulesB, lease),
        ]);
      }
    }
    const subscriptions = (await schedulesA.activeSubscriptions()).filter((s) =>
      s.channelId.startsWith('race-'),
    );
    const ids = new Set(subscriptions.map((s) => s.id));
    const dates = Array.from({ length: 33 }, (_, d) =>
      new Date(start + (d - 1) * DAY).toISOString().slice(0, 10),
    );
    const posts = (await schedulesA.postsOn(dates)).filter((post) => ids.has(post.subscriptionId));
    const sent = new Set(
      posts.filter((p) => p.status === 'sent').map((p) => `${p.subscriptionId}:${p.localDate}`),
    );
    // No double: every recorded send is one sent post (a doubled post would add a send and no post).
    expect(sends).toBe(sent.size);
    // None missed: every local day from the window's first full day whose time had come before the last tick.
    const missed: string[] = [];
    for (const subscription of subscriptions) {
      for (const date of dates.slice(2, -2)) {
        const due = scheduledInstant(subscription, date);
        if (due && due.getTime() + lease + 15 * 60_000 <= last && !sent.has(`${subscription.id}:${date}`))
          missed.push(`${subscription.channelId} ${subscription.timezone} ${date}`);
      }
    }
    expect(missed).toEqual([]);
    expect(sent.size).toBeGreaterThan(200 * 20);
  });
});
