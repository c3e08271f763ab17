// Route tables for the REST API: path patterns with `:params`, and the matchers tests script with.
import type { RecordedRequest, RouteMatcher } from './types.js';
import type { Answer } from './wire.js';

/** What a handler gets: the recorded request, its path parameters and its JSON body as a record. */
export interface RouteContext {
  request: RecordedRequest;
  params: Record<string, string>;
  body: Record<string, unknown>;
  /** The injected clock's ms when the request arrived. */
  at: number;
}

export interface Route {
  method: string;
  /** Below `/api/v10`, e.g. `/channels/:channel/messages`. */
  pattern: string;
  /** Needs `Authorization: Bot <token>`; interaction callbacks and webhook-token routes do not. */
  auth: boolean;
  handle(context: RouteContext): Answer;
}

/** The parameters `path` binds in `pattern`, or undefined if it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = got[i] ?? '';
    if (segment.startsWith(':')) params[segment.slice(1)] = actual;
    else if (segment !== actual) return undefined;
  }
  return params;
}

/** The route serving `method path`, with its parameters. */
export function findRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchPath(route.pattern, path);
    if (params) return { route, params };
  }
  return undefined;
}

/** Whether a script's matcher (`'POST /channels/:id/messages'`, a bare path, or a predicate) takes `request`. */
export function routeMatches(matcher: RouteMatcher, request: RecordedRequest): boolean {
  if (typeof matcher === 'function') return matcher(request);
  const [first = '', second] = matcher.trim().split(/\s+/);
  const method = second === undefined ? undefined : first.toUpperCase();
  const pattern = (second ?? first).replace(/%40/g, '@');
  return (
    (method === undefined || method === request.method) && matchPath(pattern, request.path) !== undefined
  );
}

/** Discord's rate-limit major parameter: buckets are per route and per channel, guild or webhook. */
export const majorParameter = (params: Record<string, string>): string =>
  params.channel ?? params.guild ?? params.token ?? '';
