// response_url endpoints on the fake: issued per command or click, 5 uses within 30 minutes, every POST recorded.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResponseUrlPost } from './types.js';
import { fail, ok, readBody, send } from './wire.js';
import type { Workspace } from './workspace.js';

const RESPONSE_URL_USES = 5;
const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;

export interface ResponseUrls {
  readonly responses: ResponseUrlPost[];
  /** A fresh URL under `${base}/response/`. */
  issue(): string;
  /** Answers one POST to a `/response/...` path. */
  serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

export function createResponseUrls(workspace: Workspace, base: string): ResponseUrls {
  const { ids, now, next } = workspace;
  const issued = new Map<string, { issuedAt: number; uses: number }>();
  const responses: ResponseUrlPost[] = [];

  return {
    responses,
    issue() {
      const path = `/response/${ids.teamId}/${next()}`;
      issued.set(path, { issuedAt: now().getTime(), uses: 0 });
      return `${base}${path}`;
    },
    async serve(req, res, url) {
      const raw = await readBody(req);
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // Slack also takes form posts; keep the raw text.
      }
      const entry = issued.get(url.pathname);
      const error = !entry
        ? 'invalid_url'
        : entry.uses >= RESPONSE_URL_USES
          ? 'used_url'
          : now().getTime() - entry.issuedAt >= RESPONSE_URL_LIFETIME_MS
            ? 'expired_url'
            : undefined;
      responses.push({ url: `${base}${url.pathname}`, body, accepted: !error });
      if (entry && !error) entry.uses += 1;
      send(res, error ? 404 : 200, error ? fail(error) : ok());
    },
  };
}
