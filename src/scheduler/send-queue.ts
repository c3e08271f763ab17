// Posts at platform speed: a send queue that keeps to each platform's rate limits and retries what heals.
import type { Logger } from '../core/logger.js';
import type { Reply } from '../core/reply.js';

/** Where a post goes: a channel, or a direct message to one of its members. */
export interface PostTarget {
  platform: 'slack' | 'discord' | 'console';
  tenantId: string;
  channelId: string;
  /** Set for a direct message (a nudge, a notice to an admin): the platform's user id. */
  userId?: string;
}

/** Sends a post and returns the platform's message reference; throws on failure. */
export type Send = (target: PostTarget, reply: Reply) => Promise<{ ref: string }>;

/** At most `count` sends per `perMs` for every send sharing `key`, with bursts up to `count`. */
export interface RateLimit {
  key: string;
  count: number;
  perMs: number;
}

/**
 * The platforms' posting limits: Slack about one message per second per channel; Discord 50 requests per
 * second per bot (discord.js keeps to each route's own bucket and honours `retry_after` on top).
 */
export function platformLimits(target: PostTarget): RateLimit[] {
  switch (target.platform) {
    case 'slack':
      return [
        { key: `slack:${target.tenantId}:${target.userId ?? target.channelId}`, count: 1, perMs: 1_000 },
      ];
    case 'discord':
      return [{ key: 'discord', count: 50, perMs: 1_000 }];
    default:
      return [];
  }
}

/**
 * Reserves send times against sliding windows: each key remembers its last `count` reserved starts, and a
 * new start waits until the oldest of them is `perMs` old. Any window of `perMs` then holds at most `count`
 * sends, whatever the concurrency, and a key's sends keep their order.
 */
export function createRateLimiter() {
  const recent = new Map<string, { starts: number[]; perMs: number }>();
  // Keys whose window has passed limit nothing: drop them, so the map does not grow with every channel.
  let prunedAt = Number.NEGATIVE_INFINITY;
  const prune = (now: number) => {
    prunedAt = now;
    for (const [key, { starts, perMs }] of recent) {
      if ((starts.at(-1) ?? 0) + perMs <= now) recent.delete(key);
    }
  };
  return {
    /** The earliest time (ms) at which a send under these limits may start; the slot is taken. */
    reserve(limits: readonly RateLimit[], now: number): number {
      if (recent.size > 1_000 && now - prunedAt >= 1_000) prune(now);
      let start = now;
      for (const limit of limits) {
        const starts = recent.get(limit.key)?.starts ?? [];
        const last = starts.at(-1);
        if (last !== undefined) start = Math.max(start, last);
        const oldest = starts.length >= limit.count ? starts[starts.length - limit.count] : undefined;
        if (oldest !== undefined) start = Math.max(start, oldest + limit.perMs);
      }
      for (const limit of limits) {
        const starts = [...(recent.get(limit.key)?.starts ?? []), start].slice(-limit.count);
        recent.set(limit.key, { starts, perMs: limit.perMs });
      }
      return start;
    },
  };
}

export interface SendQueueDeps {
  send: Send;
  logger: Logger;
  /** True when a failure will not heal by retrying (removed from the channel, no permission...). */
  isPermanent?: (error: unknown) => boolean;
  limitsFor?: (target: PostTarget) => RateLimit[];
  /** The clock and the wait, injected so tests run on virtual time. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Attempts per post, the first included (the SDKs also retry 429s on their own). Default 3. */
  attempts?: number;
  /** Wait before the second attempt, doubled after each failure, unless the error says how long. */
  backoffMs?: number;
  /** Sends in flight at once, across platforms. */
  concurrency?: number;
}

export interface SendQueue {
  /** Queues a post; resolves with its message reference once sent, rejects when it could not be. */
  push(target: PostTarget, reply: Reply): Promise<{ ref: string }>;
  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long an error asks us to wait (Slack's `retryAfter` in s, Discord's `retry_after`/`retryAfter`). */
function retryAfterMs(error: unknown): number | undefined {
  const e = error as { retryAfter?: unknown; retry_after?: unknown; data?: { retry_after?: unknown } };
  const seconds = [e?.retryAfter, e?.retry_after, e?.data?.retry_after].find((v) => typeof v === 'number');
  return typeof seconds === 'number' ? seconds * 1_000 : undefined;
}

/** Creates a queue that paces sends per platform and retries transient failures with backoff. */
export function createSendQueue(deps: SendQueueDeps): SendQueue {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? realSleep;
  const limitsFor = deps.limitsFor ?? platformLimits;
  const attempts = deps.attempts ?? 3;
  const backoffMs = deps.backoffMs ?? 2_000;
  const concurrency = deps.concurrency ?? 16;
  const limiter = createRateLimiter();
  const waiting: (() => void)[] = [];
  const pending = new Set<Promise<unknown>>();
  let running = 0;

  const slot = async () => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };

  async function attempt(target: PostTarget, reply: Reply): Promise<{ ref: string }> {
    await slot();
    try {
      const start = limiter.reserve(limitsFor(target), now());
      while (now() < start) await sleep(start - now());
      return await deps.send(target, reply);
    } finally {
      release();
    }
  }

  async function deliver(target: PostTarget, reply: Reply): Promise<{ ref: string }> {
    for (let n = 1; ; n++) {
      try {
        return await attempt(target, reply);
      } catch (error) {
        if (n >= attempts || deps.isPermanent?.(error)) throw error;
        const wait = retryAfterMs(error) ?? backoffMs * 2 ** (n - 1);
        deps.logger.warn(
          { err: error, platform: target.platform, channel: target.channelId, attempt: n, waitMs: wait },
          'post failed; retrying',
        );
        await sleep(wait);
      }
    }
  }

  return {
    push(target, reply) {
      const work = deliver(target, reply);
      pending.add(work);
      void work.then(
        () => pending.delete(work),
        () => pending.delete(work),
      );
      return work;
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
