// A clock tests set by hand, and a seeded random source: no sleeps, no flaky picks.

export interface TestClock {
  now: () => Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export function createTestClock(start: string): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(iso) {
      current = new Date(iso);
    },
    advance(ms) {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** mulberry32: a tiny deterministic PRNG. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface VirtualTimers {
  now: () => number;
  /** Resolves when virtual time reaches now + ms. */
  sleep: (ms: number) => Promise<void>;
  /** Drives virtual time until `work` settles: whenever nothing else can run, jumps to the next timer. */
  run<T>(work: Promise<T>): Promise<T>;
}

/**
 * Virtual time for code that waits (rate limits, backoff): sleeps resolve in time order without the wall
 * clock. Only for work that waits on nothing but these timers and promises (no I/O).
 */
export function createVirtualTimers(startMs = 0): VirtualTimers {
  let current = startMs;
  const timers: { at: number; seq: number; resolve: () => void }[] = [];
  let seq = 0;
  // Lets every ready promise chain run before time moves (a macrotask turn drains the microtasks).
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => current,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        timers.push({ at: current + Math.max(0, ms), seq: seq++, resolve });
      }),
    async run(work) {
      let done = false;
      const watched = work.finally(() => {
        done = true;
      });
      watched.catch(() => {});
      while (!done) {
        await settle();
        if (done) break;
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers.shift();
        if (!next) throw new Error('virtual timers: the work waits on something other than a timer');
        current = Math.max(current, next.at);
        next.resolve();
      }
      return watched;
    },
  };
}
