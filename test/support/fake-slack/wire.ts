// Slack's wire format on the fake's side: decoding Web API arguments, writing `{ ok, ... }` JSON replies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SlackArgs } from './types.js';

/** A Web API reply body. */
export type Reply = Record<string, unknown>;

// Form fields the SDK JSON-encodes (it stringifies every non-primitive argument).
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'unfurls', 'user_auth_blocks']);

export const ok = (body: Reply = {}): Reply => ({ ok: true, ...body });
export const fail = (error: string, extra: Reply = {}): Reply => ({ ok: false, error, ...extra });
export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Query and body arguments, form or JSON; throws on a malformed JSON body. */
export function parseArgs(contentType: string | undefined, raw: string, query: URLSearchParams): SlackArgs {
  const args: SlackArgs = {};
  const addForm = (params: URLSearchParams) => {
    for (const [key, value] of params) args[key] = JSON_FIELDS.has(key) ? decodeJson(value) : value;
  };
  addForm(query);
  if (contentType?.startsWith('application/json')) {
    if (raw) Object.assign(args, JSON.parse(raw));
  } else if (raw) {
    addForm(new URLSearchParams(raw));
  }
  return args;
}

function decodeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
