// Discord's REST wire format on the fake's side: reading JSON and multipart bodies, writing JSON errors.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RecordedFile } from './types.js';

/** What a route handler answers: a status, and a JSON body unless 204. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const records = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter(isRecord) : [];

export const ok = (body: unknown): Answer => ({ status: 200, body });
export const noContent = (): Answer => ({ status: 204 });

/** A Discord JSON error: `{ message, code }`, plus `errors` for 50035. */
export function discordError(
  status: number,
  code: number,
  message: string,
  errors?: Record<string, unknown>,
): Answer {
  return { status, body: errors ? { message, code, errors } : { message, code } };
}

/** The errors Discord answers most; the messages are Discord's. */
export const ERRORS = {
  notFound: () => discordError(404, 0, '404: Not Found'),
  unauthorized: () => discordError(401, 0, '401: Unauthorized'),
  unknownChannel: () => discordError(404, 10003, 'Unknown Channel'),
  unknownMessage: () => discordError(404, 10008, 'Unknown Message'),
  unknownUser: () => discordError(404, 10013, 'Unknown User'),
  unknownWebhook: () => discordError(404, 10015, 'Unknown Webhook'),
  unknownCommand: () => discordError(404, 10063, 'Unknown application command'),
  unknownInteraction: () => discordError(404, 10062, 'Unknown interaction'),
  missingAccess: () => discordError(403, 50001, 'Missing Access'),
  emptyMessage: () => discordError(400, 50006, 'Cannot send an empty message'),
  invalidWebhookToken: () => discordError(401, 50027, 'Invalid Webhook Token'),
  alreadyAcknowledged: () => discordError(400, 40060, 'Interaction has already been acknowledged.'),
  invalidJson: () => discordError(400, 50109, 'The request body contains invalid JSON.'),
  invalidFormBody: (errors: Record<string, unknown>) => discordError(400, 50035, 'Invalid Form Body', errors),
};

/** A request body: JSON, or multipart with `payload_json` and `files[n]` parts. Throws on malformed JSON. */
export async function readRequestBody(
  req: IncomingMessage,
): Promise<{ body: unknown; files: RecordedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const contentType = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: undefined, files: [] };
  if (!contentType.startsWith('multipart/form-data')) {
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  }
  const form = await new Response(new Uint8Array(raw), {
    headers: { 'content-type': contentType },
  }).formData();
  const files: RecordedFile[] = [];
  let body: unknown;
  const fields: Record<string, unknown> = {};
  for (const [field, value] of form.entries()) {
    if (typeof value !== 'string') {
      files.push({ field, name: value.name, contentType: value.type, size: value.size });
    } else if (field === 'payload_json') {
      body = JSON.parse(value);
    } else {
      fields[field] = value;
    }
  }
  return { body: body ?? (Object.keys(fields).length > 0 ? fields : undefined), files };
}

export function send(res: ServerResponse, answer: Answer) {
  if (res.headersSent || res.destroyed) return;
  if (answer.body === undefined) {
    res.writeHead(answer.status, answer.headers ?? {});
    res.end();
    return;
  }
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  res.end(JSON.stringify(answer.body));
}
