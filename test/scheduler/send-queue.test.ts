import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { textReply } from '../../src/core/reply.js';
import {
  createRateLimiter,
  createSendQueue,
  type PostTarget,
  platformLimits,
  type Send,
} from '../../src/scheduler/send-queue.js';
import { createVirtualTimers, seededRandom } from '../support/clock.js';

const slack = (channelId: string): PostTarget => ({ platform: 'slack', tenantId: 'T1', channelId });
const discord = (channelId: string): PostTarget => ({ platform: 'discord', tenantId: 'G1', channelId });

/** A sender that records the virtual time of each send, and fails on cue. */
function recorder(now: () => number, fail: (target: PostTarget, n: number) => unknown = () => undefined) {
  const sends: { at: number; target: PostTarget; text: string }[] = [];
  const tries = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const send: Send = async (target, reply) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await Promise.resolve();
      const text = reply.sections[0]?.type === 'text' ? reply.sections[0].text : '';
      const n = (tries.get(text) ?? 0) + 1;
      tries.set(text, n);
      const error = fail(target, n);
      if (error) throw error;
      sends.push({ at: now(), target, text });
      return { ref: `ref-${sends.length}` };
    } finally {
      inFlight--;
    }
  };
  return { send, sends, tries, maxInFlight: () => maxInFlight };
}

describe('rate limiter', () => {
  it('never lets more than `count` starts into any window of `perMs`, for random arrivals', () => {
    const random = seededRandom(7);
    const limiter = createRateLimiter();
    const limit = { key: 'k', count: 5, perMs: 1_000 };
    let now = 0;
    const starts: number[] = [];
    for (let i = 0; i < 500; i++) {
      now += Math.floor(random() * 400);
      starts.push(limiter.reserve([limit], now));
    }
    for (let i = limit.count; i < starts.length; i++) {
      expect(starts[i] as number).toBeGreaterThanOrEqual((starts[i - limit.count] as number) + limit.perMs);
      expect(starts[i] as number).toBeGreaterThanOrEqual(starts[i - 1] as number);
    }
  });

  it('knows the platforms: Slack per channel (and per direct-message member), Discord per bot', () => {
    expect(platformLimits(slack('C1'))).toEqual([{ key: 'slack:T1:C1', count: 1, perMs: 1_000 }]);
    expect(platformLimits({ ...slack('C1'), userId: 'U9' })[0]?.key).toBe('slack:T1:U9');
    expect(platformLimits(discord('1'))).toEqual([{ key: 'discord', count: 50, perMs: 1_000 }]);
    expect(platformLimits({ platform: 'console', tenantId: 'console', channelId: 'c' })).toEqual([]);
  });
});

describe('send queue', () => {
  it('Slack: one message per second per channel, other channels at once, each channel in order', async () => {
    const timers = createVirtualTimers();
    const out = recorder(timers.now);
    const queue = createSendQueue({ send: out.send, logger: silentLogger, ...timers });
    const pushes = [];
    for (let i = 0; i < 4; i++) pushes.push(queue.push(slack('C-busy'), textReply(`busy ${i}`)));
    for (let i = 0; i < 3; i++) pushes.push(queue.push(slack(`C-${i}`), textReply(`other ${i}`)));
    await timers.run(Promise.all(pushes));

    const busy = out.sends.filter((s) => s.target.channelId === 'C-busy');
    expect(busy.map((s) => s.text)).toEqual(['busy 0', 'busy 1', 'busy 2', 'busy 3']);
    expect(busy.map((s) => s.at)).toEqual([0, 1_000, 2_000, 3_000]);
    expect(out.sends.filter((s) => s.target.channelId !== 'C-busy').map((s) => s.at)).toEqual([0, 0, 0]);
  });

  it('Discord: at most 50 requests in any second across channels', async () => {
    const timers = createVirtualTimers();
    const out = recorder(timers.now);
    const queue = createSendQueue({ send: out.send, logger: silentLogger, concurrency: 200, ...timers });
    await timers.run(
      Promise.all(Array.from({ length: 120 }, (_, i) => queue.push(discord(`${i}`), textReply(`d${i}`)))),
    );
    const times = out.sends.map((s) => s.at).sort((a, b) => a - b);
    expect(times).toHaveLength(120);
    for (const start of times) {
      expect(times.filter((t) => t >= start && t < start + 1_000).length).toBeLessThanOrEqual(50);
    }
    // As fast as the limit allows: three windows.
    expect(times.at(-1)).toBe(2_000);
  });

  it('retries a transient failure with backoff, and waits as long as a rate limit asks', async () => {
    const timers = createVirtualTimers();
    const out = recorder(timers.now, (target, n) => {
      if (target.channelId === 'C-flaky' && n < 3) return new Error('socket hang up');
      if (target.channelId === 'C-limited' && n === 1)
        return Object.assign(new Error('rate limited'), { retryAfter: 7 });
      return undefined;
    });
    const queue = createSendQueue({ send: out.send, logger: silentLogger, backoffMs: 2_000, ...timers });
    const [flaky, limited] = await timers.run(
      Promise.all([
        queue.push(slack('C-flaky'), textReply('f')),
        queue.push(slack('C-limited'), textReply('l')),
      ]),
    );
    expect(flaky.ref).toMatch(/^ref-/);
    expect(limited.ref).toMatch(/^ref-/);
    // Tries at 0, 2 s (after 2 s backoff) and 6 s (after 4 s more).
    expect(out.sends.find((s) => s.text === 'f')?.at).toBe(6_000);
    expect(out.sends.find((s) => s.text === 'l')?.at).toBe(7_000);
    expect(out.tries.get('f')).toBe(3);
  });

  it('gives up after its attempts, and never retries a permanent failure', async () => {
    const timers = createVirtualTimers();
    const gone = Object.assign(new Error('not_in_channel'), { permanent: true });
    const out = recorder(timers.now, (target) =>
      target.channelId === 'C-gone' ? gone : new Error('still down'),
    );
    const queue = createSendQueue({
      send: out.send,
      logger: silentLogger,
      isPermanent: (error) => error === gone,
      attempts: 3,
      ...timers,
    });
    const results = await timers.run(
      Promise.allSettled([
        queue.push(slack('C-gone'), textReply('g')),
        queue.push(slack('C-down'), textReply('d')),
      ]),
    );
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(out.tries.get('g')).toBe(1);
    expect(out.tries.get('d')).toBe(3);
    expect(out.sends).toEqual([]);
    await queue.idle();
  });

  it('keeps at most `concurrency` sends in flight', async () => {
    const timers = createVirtualTimers();
    const out = recorder(timers.now);
    const queue = createSendQueue({ send: out.send, logger: silentLogger, concurrency: 4, ...timers });
    await timers.run(
      Promise.all(Array.from({ length: 40 }, (_, i) => queue.push(slack(`C${i}`), textReply(`${i}`)))),
    );
    expect(out.sends).toHaveLength(40);
    expect(out.maxInFlight()).toBe(4);
  });
});
