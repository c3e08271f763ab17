// A local OpenAI-compatible server (POST /v1/chat/completions) with scripted replies, for the real openai SDK.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server does with one request. */
export type ScriptedReply =
  /** A completion whose message content is this string (e.g. JSON, or something malformed). */
  | { kind: 'content'; content: string }
  /** A completion whose content is `JSON.stringify(value)`. */
  | { kind: 'json'; value: unknown }
  /** A refusal, as OpenAI reports it. */
  | { kind: 'refusal'; refusal: string }
  /** An HTTP error with an OpenAI-style body, optionally with Retry-After (seconds). */
  | { kind: 'error'; status: number; message: string; retryAfter?: number }
  /** Never answers until `release()` (or the client gives up). */
  | { kind: 'hold' };

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: {
    model?: string;
    temperature?: number;
    messages?: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
  };
}

export interface FakeOpenAI {
  /** `http://127.0.0.1:<port>/v1`, for the SDK's baseURL. */
  baseUrl: string;
  /** Replies used in order; when they run out, `fallback` answers. */
  script(...replies: ScriptedReply[]): void;
  fallback: ScriptedReply;
  /** When set, requests with `response_format.type === 'json_schema'` get a 400, as some local servers do. */
  rejectJsonSchema: boolean;
  /** When set, any `response_format` at all gets a 400. */
  rejectResponseFormat: boolean;
  readonly requests: RecordedRequest[];
  /** Resolves when the server is holding a request. */
  held(): Promise<void>;
  release(): void;
  close(): Promise<void>;
}

function completion(content: string | null, refusal: string | null = null) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'fake-judge',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content, refusal } }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  const heldResponses: ServerResponse[] = [];
  let onHeld: (() => void)[] = [];

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    requests.push({ path: req.url ?? '', headers: req.headers, body });
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      send(res, 404, {
        error: { message: `No route ${req.method} ${req.url}`, type: 'invalid_request_error' },
      });
      return;
    }
    if (
      (fake.rejectJsonSchema && body.response_format?.type === 'json_schema') ||
      (fake.rejectResponseFormat && body.response_format)
    ) {
      send(res, 400, {
        error: {
          message: "response_format type 'json_schema' is not supported",
          type: 'invalid_request_error',
          param: 'response_format',
        },
      });
      return;
    }
    const reply = queue.shift() ?? fake.fallback;
    switch (reply.kind) {
      case 'content':
        send(res, 200, completion(reply.content));
        return;
      case 'json':
        send(res, 200, completion(JSON.stringify(reply.value)));
        return;
      case 'refusal':
        send(res, 200, completion(null, reply.refusal));
        return;
      case 'error':
        send(
          res,
          reply.status,
          { error: { message: reply.message, type: 'server_error' } },
          reply.retryAfter === undefined ? {} : { 'retry-after': String(reply.retryAfter) },
        );
        return;
      case 'hold':
        heldResponses.push(res);
        for (const notify of onHeld) notify();
        onHeld = [];
        return;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeOpenAI = {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    script: (...replies) => queue.push(...replies),
    fallback: { kind: 'error', status: 500, message: 'no scripted reply' },
    rejectJsonSchema: false,
    rejectResponseFormat: false,
    requests,
    held: () =>
      heldResponses.length > 0 ? Promise.resolve() : new Promise<void>((resolve) => onHeld.push(resolve)),
    release() {
      for (const res of heldResponses.splice(0))
        if (!res.writableEnded) send(res, 500, { error: { message: 'released' } });
    },
    async close() {
      fake.release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
