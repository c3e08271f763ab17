// Slack's side of an HTTP-mode app: signing a request, and POSTing it to the app's receiver as Slack does.
import { createHmac } from 'node:crypto';

/** The headers Slack signs a request with: `v0=` + HMAC-SHA256(secret, `v0:{timestamp}:{body}`). */
export function signSlackRequest({
  signingSecret,
  body,
  timestamp,
}: {
  signingSecret: string;
  body: string;
  /** Unix seconds; Bolt rejects timestamps more than 5 minutes old. */
  timestamp: number;
}): { 'X-Slack-Signature': string; 'X-Slack-Request-Timestamp': string } {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'X-Slack-Signature': `v0=${signature}`, 'X-Slack-Request-Timestamp': String(timestamp) };
}

/**
 * The content types Slack POSTs with. Bolt parses a form body only when the header is exactly
 * `application/x-www-form-urlencoded` (no charset).
 */
export type SlackContentType = 'application/x-www-form-urlencoded' | 'application/json';

export interface ReceiverPost {
  /** The raw body: `slashCommandBody(...)`, `interactionBody(...)` or `JSON.stringify(eventCallback(...))`. */
  body: string;
  /** Form for slash commands and interactions, JSON for the Events API; any other string is sent as is. */
  contentType: SlackContentType | (string & {});
  signingSecret: string;
  /** Unix seconds for `X-Slack-Request-Timestamp`. Bolt compares it with the system clock, not a test clock. */
  timestamp: number;
  /** Events API redeliveries: `X-Slack-Retry-Num` (1–3). */
  retryNum?: number;
  /** Events API redeliveries: `X-Slack-Retry-Reason`, e.g. `http_timeout`. */
  retryReason?: string;
  /** Send no `X-Slack-Signature` or `X-Slack-Request-Timestamp` at all (wins over `badSignature`). */
  unsigned?: boolean;
  /** Sign with a different secret, as a forged request would be. */
  badSignature?: boolean;
}

/** What the receiver answered. */
export interface ReceiverResponse {
  status: number;
  text: string;
  /** The parsed body when the receiver answered `application/json`. */
  json?: unknown;
}

/**
 * POSTs `body` to an HTTP receiver the way Slack does: signed, with Slack's content type and retry headers.
 * @example
 * const response = await postToReceiver(`http://127.0.0.1:${port}/slack/events`, {
 *   body: slashCommandBody({ command: '/coach', trigger_id: fake.issueTrigger(), response_url: fake.issueResponseUrl() }),
 *   contentType: 'application/x-www-form-urlencoded',
 *   signingSecret,
 *   timestamp: Math.floor(Date.now() / 1000),
 * });
 * expect(response.status).toBe(200);
 */
export async function postToReceiver(url: string, post: ReceiverPost): Promise<ReceiverResponse> {
  const headers: Record<string, string> = {
    'Content-Type': post.contentType,
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  if (!post.unsigned) {
    const signingSecret = post.badSignature ? `not-${post.signingSecret}` : post.signingSecret;
    Object.assign(headers, signSlackRequest({ signingSecret, body: post.body, timestamp: post.timestamp }));
  }
  if (post.retryNum !== undefined) headers['X-Slack-Retry-Num'] = String(post.retryNum);
  if (post.retryReason !== undefined) headers['X-Slack-Retry-Reason'] = post.retryReason;
  const response = await fetch(url, { method: 'POST', headers, body: post.body });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
  return isJson && text
    ? { status: response.status, text, json: JSON.parse(text) }
    : { status: response.status, text };
}
