// Slack Web API failures as typed adapter errors that callers (the scheduler, the adapter) can act on.

/** What a caller can do about a failure: stop posting to a channel, retry later, or fix the credentials. */
export type SlackErrorKind = 'channel' | 'rate_limited' | 'auth' | 'other';

const KINDS: Record<string, SlackErrorKind> = {
  not_in_channel: 'channel',
  channel_not_found: 'channel',
  is_archived: 'channel',
  restricted_action: 'channel',
  ratelimited: 'rate_limited',
  rate_limited: 'rate_limited',
  invalid_auth: 'auth',
  not_authed: 'auth',
  token_revoked: 'auth',
  token_expired: 'auth',
  account_inactive: 'auth',
  missing_scope: 'auth',
};

/** A Slack API call that failed, with Slack's error code (`not_in_channel`, `ratelimited`, `invalid_auth`...). */
export class SlackAdapterError extends Error {
  readonly kind: SlackErrorKind;
  constructor(
    readonly code: string,
    readonly method: string,
  ) {
    super(`Slack ${method} failed: ${code}`);
    this.name = 'SlackAdapterError';
    this.kind = KINDS[code] ?? 'other';
  }
}

/** The Slack error code inside a Web API client error (platform error, rate limit, HTTP error). */
function codeOf(error: unknown): string {
  const e = error as { code?: string; data?: { error?: string } };
  if (e.data?.error) return e.data.error;
  if (e.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  if (e.code === 'slack_webapi_http_error') return 'http_error';
  if (e.code === 'slack_webapi_request_error') return 'request_error';
  return 'unknown_error';
}

/** Runs a Web API call, turning its failure into a SlackAdapterError. */
export async function slackCall<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SlackAdapterError) throw error;
    throw new SlackAdapterError(codeOf(error), method);
  }
}
