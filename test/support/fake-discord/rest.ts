// The REST front: records every request, plays scripted failures, 429s and holds, checks the bot token, adds rate-limit headers.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findRoute, majorParameter, type Route, routeMatches } from './router.js';
import type { FakeDiscord, RecordedRequest, RouteMatcher, ScriptedFailure } from './types.js';
import { type Answer, discordError, ERRORS, isRecord, readRequestBody, send } from './wire.js';
import type { World } from './world.js';

const API_PREFIX = '/api/v10';

type Script =
  | { kind: 'fail'; failure: ScriptedFailure }
  | { kind: 'rate_limit'; retryAfter: number; global: boolean }
  | { kind: 'hold'; arrive: (request: RecordedRequest) => void; gate: Promise<void>; release: () => void };

interface Waiter {
  predicate: (request: RecordedRequest) => boolean;
  resolve: (request: RecordedRequest) => void;
}

/** The parts of the FakeDiscord handle the REST front provides. */
export type RestHandle = Pick<
  FakeDiscord,
  'requests' | 'waitFor' | 'failNext' | 'rateLimitNext' | 'holdNext'
>;

export interface Rest extends RestHandle {
  /** Answers one HTTP request. */
  serve(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Lets every held request through (on close). */
  releaseHolds(): void;
}

/** Percent-decoded path segments: undici may send `@original` as `%40original`. */
function decodePath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

export function createRest(world: World, routes: readonly Route[]): Rest {
  const requests: RecordedRequest[] = [];
  const scripts: { matcher: RouteMatcher; script: Script }[] = [];
  const holds: Extract<Script, { kind: 'hold' }>[] = [];
  const buckets = new Map<string, { windowStart: number; used: number }>();
  let waiters: Waiter[] = [];

  function answered(request: RecordedRequest, answer: Answer) {
    request.status = answer.status;
    request.response = answer.body;
    const due = waiters.filter((waiter) => waiter.predicate(request));
    waiters = waiters.filter((waiter) => !due.includes(waiter));
    for (const waiter of due) waiter.resolve(request);
  }

  /** Counts the request against its bucket (windows on the injected clock) and describes it in headers. */
  function rateLimitHeaders(
    route: Route,
    params: Record<string, string>,
    at: number,
  ): Record<string, string> {
    const { limit, resetAfter } = world.rateLimit;
    const hash = createHash('sha1').update(`${route.method} ${route.pattern}`).digest('hex').slice(0, 16);
    const key = `${hash}:${majorParameter(params)}`;
    let bucket = buckets.get(key);
    if (!bucket || at >= bucket.windowStart + resetAfter * 1000) {
      bucket = { windowStart: at, used: 0 };
      buckets.set(key, bucket);
    }
    bucket.used += 1;
    const resetAt = bucket.windowStart + resetAfter * 1000;
    return {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, limit - bucket.used)),
      'X-RateLimit-Reset': (resetAt / 1000).toFixed(3),
      'X-RateLimit-Reset-After': ((resetAt - at) / 1000).toFixed(3),
      'X-RateLimit-Bucket': hash,
    };
  }

  function tooManyRequests(retryAfter: number, global: boolean): Answer {
    return {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: retryAfter, global },
      headers: {
        'Retry-After': String(Math.ceil(retryAfter)),
        'X-RateLimit-Limit': String(world.rateLimit.limit),
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': ((world.now().getTime() + retryAfter * 1000) / 1000).toFixed(3),
        'X-RateLimit-Reset-After': retryAfter.toFixed(3),
        'X-RateLimit-Scope': global ? 'global' : 'user',
        ...(global ? { 'X-RateLimit-Global': 'true' } : {}),
      },
    };
  }

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const at = world.now();
    let parsed: Awaited<ReturnType<typeof readRequestBody>> | undefined;
    try {
      parsed = await readRequestBody(req);
    } catch {
      parsed = undefined;
    }
    const fullPath = decodePath(url.pathname);
    const request: RecordedRequest = {
      method,
      path: fullPath.startsWith(`${API_PREFIX}/`) ? fullPath.slice(API_PREFIX.length) : fullPath,
      query: Object.fromEntries(url.searchParams),
      body: parsed?.body,
      files: parsed?.files ?? [],
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      at,
    };
    requests.push(request);
    const reply = (answer: Answer, headers: Record<string, string> = {}) => {
      answered(request, answer);
      send(res, { ...answer, headers: { ...headers, ...answer.headers } });
    };

    const found = fullPath.startsWith(`${API_PREFIX}/`) ? findRoute(routes, method, request.path) : undefined;
    const index = scripts.findIndex(({ matcher }) => routeMatches(matcher, request));
    const script = index >= 0 ? scripts.splice(index, 1)[0]?.script : undefined;
    if (script?.kind === 'hold') {
      script.arrive(request);
      await script.gate;
    }
    const limits = found ? rateLimitHeaders(found.route, found.params, at.getTime()) : {};
    if (script?.kind === 'fail') {
      const { status, code, message, errors } = script.failure;
      return reply(discordError(status, code, message, errors), limits);
    }
    if (script?.kind === 'rate_limit') return reply(tooManyRequests(script.retryAfter, script.global));
    if (!found) return reply(ERRORS.notFound());
    if (found.route.auth && req.headers.authorization !== `Bot ${world.token}`) {
      return reply(ERRORS.unauthorized(), limits);
    }
    if (!parsed) return reply(ERRORS.invalidJson(), limits);
    const body = isRecord(parsed.body) ? parsed.body : {};
    reply(found.route.handle({ request, params: found.params, body, at: at.getTime() }), limits);
  }

  return {
    requests,
    waitFor(predicate) {
      const found = requests.find((request) => request.status !== undefined && predicate(request));
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    failNext: (matcher, failure) => scripts.push({ matcher, script: { kind: 'fail', failure } }),
    rateLimitNext(matcher, { retryAfter = 0, global = false } = {}) {
      scripts.push({ matcher, script: { kind: 'rate_limit', retryAfter, global } });
    },
    holdNext(matcher) {
      let arrive: (request: RecordedRequest) => void = () => {};
      let release: () => void = () => {};
      const arrived = new Promise<RecordedRequest>((resolve) => {
        arrive = resolve;
      });
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const hold = { kind: 'hold' as const, arrive, gate, release };
      holds.push(hold);
      scripts.push({ matcher, script: hold });
      return { arrived, release };
    },
    serve,
    releaseHolds() {
      for (const hold of holds) hold.release();
    },
  };
}
