// The Web API over HTTP: token checks, recorded calls, scripted failures, rate limits and held calls.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  FakeSlack,
  FakeSlackChannel,
  FakeSlackUser,
  RecordedCall,
  ScriptedFailure,
  SlackArgs,
  StoredView,
} from './types.js';
import { createWebApiMethods, type WebApiState } from './web-api-methods.js';
import { fail, parseArgs, readBody, send, str } from './wire.js';
import type { Workspace } from './workspace.js';

type Script =
  | { kind: 'fail'; failure: ScriptedFailure }
  | { kind: 'rate_limit'; retryAfter: number }
  | { kind: 'hold'; arrive: (call: RecordedCall) => void; gate: Promise<void>; release: () => void };

interface Waiter {
  method: string;
  predicate: (call: RecordedCall) => boolean;
  resolve: (call: RecordedCall) => void;
}

/** The parts of the FakeSlack handle the Web API provides. */
export type WebApiHandle = Pick<
  FakeSlack,
  | 'calls'
  | 'callsTo'
  | 'waitForCall'
  | 'messages'
  | 'views'
  | 'homeViews'
  | 'addUser'
  | 'revokeToken'
  | 'issueTrigger'
  | 'failNext'
  | 'rateLimitNext'
  | 'holdNext'
>;

export interface WebApi extends WebApiHandle {
  /** Answers one request to `/api/<method>`. */
  serve(req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void>;
  /** Lets every held call through (on close). */
  releaseHolds(): void;
}

export function createWebApi(
  workspace: Workspace,
  options: {
    users?: FakeSlackUser[];
    channels?: FakeSlackChannel[];
    /** Issues a Socket Mode URL; absent when Socket Mode is off. */
    connectionUrl?: () => string;
  },
): WebApi {
  const { ids, now, next } = workspace;
  const state: WebApiState = {
    users: new Map((options.users ?? []).map((user) => [user.id, user])),
    channels: new Map((options.channels ?? []).map((channel) => [channel.id, channel])),
    messages: [],
    views: [],
    homeViews: new Map<string, StoredView>(),
    triggers: new Map(),
  };
  const methods = createWebApiMethods(workspace, state, options.connectionUrl);
  const calls: RecordedCall[] = [];
  const scripts = new Map<string, Script[]>();
  const holds: Extract<Script, { kind: 'hold' }>[] = [];
  const revoked = new Set<string>();
  let waiters: Waiter[] = [];

  const script = (method: string, entry: Script) =>
    scripts.set(method, [...(scripts.get(method) ?? []), entry]);

  function record(call: RecordedCall) {
    calls.push(call);
    const due = waiters.filter((waiter) => waiter.method === call.method && waiter.predicate(call));
    waiters = waiters.filter((waiter) => !due.includes(waiter));
    for (const waiter of due) waiter.resolve(call);
  }

  function tokenError(method: string, token: string | undefined): string | undefined {
    if (!token) return 'not_authed';
    if (revoked.has(token)) return 'token_revoked';
    const kind = token === ids.botToken ? 'bot' : token === ids.appToken ? 'app' : undefined;
    if (!kind) return 'invalid_auth';
    if (method !== 'auth.test' && (method === 'apps.connections.open') !== (kind === 'app')) {
      return 'not_allowed_token_type';
    }
    return undefined;
  }

  async function serve(req: IncomingMessage, res: ServerResponse, method: string, url: URL) {
    let args: SlackArgs;
    try {
      args = parseArgs(req.headers['content-type'], await readBody(req), url.searchParams);
    } catch {
      send(res, 200, fail('invalid_json'));
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const call: RecordedCall = { method, token: bearer ?? str(args.token), args };
    // From here to the reply nothing awaits (unless held), so a waitForCall sees the call applied.
    record(call);
    const scripted = scripts.get(method)?.shift();
    if (scripted?.kind === 'fail') {
      const { status = 200, error = status === 200 ? 'fatal_error' : 'internal_error' } = scripted.failure;
      send(res, status, fail(error));
      return;
    }
    if (scripted?.kind === 'rate_limit') {
      send(res, 429, fail('ratelimited'), { 'retry-after': String(scripted.retryAfter) });
      return;
    }
    if (scripted?.kind === 'hold') {
      scripted.arrive(call);
      await scripted.gate;
    }
    const handler = methods.get(method);
    const error = handler ? tokenError(method, call.token) : 'unknown_method';
    send(res, 200, error ? fail(error) : (handler?.(args) ?? fail('unknown_method')));
  }

  return {
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    waitForCall(method, predicate = () => true) {
      const found = calls.find((call) => call.method === method && predicate(call));
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ method, predicate, resolve }));
    },
    messages: state.messages,
    views: state.views,
    homeViews: state.homeViews,
    addUser(user) {
      state.users.set(user.id, user);
    },
    revokeToken(token) {
      revoked.add(token);
    },
    issueTrigger() {
      const n = next();
      const id = `${13_345_224_600 + n}.738474920.${n.toString(16).padStart(19, '0')}`;
      state.triggers.set(id, { issuedAt: now().getTime(), used: false });
      return id;
    },
    failNext: (method, failure = {}) => script(method, { kind: 'fail', failure }),
    rateLimitNext: (method, { retryAfter = 0 } = {}) => script(method, { kind: 'rate_limit', retryAfter }),
    holdNext(method) {
      let arrive: (call: RecordedCall) => void = () => {};
      let release: () => void = () => {};
      const arrived = new Promise<RecordedCall>((resolve) => {
        arrive = resolve;
      });
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const hold = { kind: 'hold' as const, arrive, gate, release };
      holds.push(hold);
      script(method, hold);
      return { arrived, release };
    },
    serve,
    releaseHolds() {
      for (const hold of holds) hold.release();
    },
  };
}
