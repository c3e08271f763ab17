// The fake Slack's public shapes: its options, what it records, and the FakeSlack handle tests drive.

/** A workspace member, as `users.info` reports it. */
export interface FakeSlackUser {
  id: string;
  name: string;
  real_name?: string;
  display_name?: string;
  /** IANA zone; defaults to `UTC` with `tz_offset` 0. */
  tz?: string;
  /** Seconds east of UTC. */
  tz_offset?: number;
  is_admin?: boolean;
  is_owner?: boolean;
}

/** A conversation, as `conversations.info` reports it. */
export interface FakeSlackChannel {
  id: string;
  name: string;
  is_private?: boolean;
  is_im?: boolean;
  is_member?: boolean;
}

export interface FakeSlackOptions {
  /** The one accepted bot token (default `xoxb-fake`). */
  botToken?: string;
  /** The one accepted app-level token, the only token apps.connections.open takes (default `xapp-fake`). */
  appToken?: string;
  teamId?: string;
  teamDomain?: string;
  appId?: string;
  botUserId?: string;
  botId?: string;
  users?: FakeSlackUser[];
  channels?: FakeSlackChannel[];
  /** Serve apps.connections.open and the WebSocket endpoint (default true). */
  socketMode?: boolean;
  /** Clock for trigger and response_url expiry and message timestamps (default: the system clock). */
  now?: () => Date;
}

/** Web API arguments: form fields as strings, JSON fields (`blocks`, `view`, ...) decoded. */
export type SlackArgs = Record<string, unknown>;

/** One Web API request, recorded when it arrives (scripted failures and retries included). */
export interface RecordedCall {
  method: string;
  /** From `Authorization: Bearer`, or a `token` argument. */
  token: string | undefined;
  args: SlackArgs;
}

/** A message posted through the Web API. */
export interface StoredMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown;
  thread_ts?: string;
  /** Set for chat.postEphemeral: the `user` argument, the only user who sees it. */
  ephemeralTo?: string;
  /** How many times chat.update changed it. */
  updates: number;
}

/** A modal or App Home view as the Web API returns it (Slack's fields plus the definition the app sent). */
export type StoredView = Record<string, unknown> & { id: string; hash: string; external_id: string };

/** What a Web API method answers instead of its normal reply, once. */
export interface ScriptedFailure {
  /** `{ ok: false, error }`; the default is `fatal_error` when no status is given. */
  error?: string;
  /** An HTTP status other than 200 (the SDK throws WebAPIHTTPError and retries per its policy). */
  status?: number;
}

/** A Web API request the fake is holding: it is answered normally once released. */
export interface HeldCall {
  /** Resolves when the request has arrived (and is being held). */
  arrived: Promise<RecordedCall>;
  release(): void;
}

/** A message a Socket Mode client sent back: the ack of an envelope. */
export interface SocketAck {
  envelope_id: string;
  /** Bolt sends `{}` for a bare `ack()`, `{ text }` for `ack('…')`, `{ response_action, … }` for views. */
  payload?: Record<string, unknown>;
}

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface EnvelopeOptions {
  /** events_api only: Slack's redelivery count (0 on first delivery). */
  retryAttempt?: number;
  retryReason?: string;
  /** Default: true for slash commands and view submissions, false otherwise. */
  acceptsResponsePayload?: boolean;
}

export type DisconnectReason = 'refresh_requested' | 'warning' | 'link_disabled' | 'too_many_websockets';

/** One POST to a response_url. */
export interface ResponseUrlPost {
  url: string;
  body: unknown;
  /** False when Slack would have refused it (unknown, used 5 times, or older than 30 min). */
  accepted: boolean;
}

export interface FakeSlack {
  /** `http://127.0.0.1:<port>/api/`: WebClient's `slackApiUrl` (Bolt: `clientOptions.slackApiUrl`). */
  apiUrl: string;
  /** `ws://127.0.0.1:<port>/link/` with Socket Mode on; clients reach it through apps.connections.open. */
  socketUrl?: string;
  readonly calls: RecordedCall[];
  /** The calls of one method so far, oldest first (`.length` counts them). */
  callsTo(method: string): RecordedCall[];
  /**
   * The first recorded call of `method` that `predicate` accepts: at once if one already arrived,
   * else when one does. Unless the call was held, the fake has applied it by then (`messages`, `views`).
   * @example
   * await fake.sendEnvelope('slash_commands', slashCommandPayload({ command: '/coach', trigger_id, response_url }));
   * const followUp = await fake.waitForCall('chat.postMessage', (call) => call.args.channel === 'C1');
   */
  waitForCall(method: string, predicate?: (call: RecordedCall) => boolean): Promise<RecordedCall>;
  readonly messages: StoredMessage[];
  /** Modals opened with views.open (and changed by views.update), oldest first. */
  readonly views: StoredView[];
  /** The App Home view last published with views.publish, by user id. */
  readonly homeViews: ReadonlyMap<string, StoredView>;
  readonly acks: SocketAck[];
  readonly responses: ResponseUrlPost[];
  addUser(user: FakeSlackUser): void;
  /** Later calls with this token get `token_revoked` (as after tokens_revoked / app_uninstalled). */
  revokeToken(token: string): void;
  /** A trigger_id views.open accepts once, for 3 s of the injected clock. */
  issueTrigger(): string;
  /** A response_url on this fake: 5 uses within 30 min of the injected clock. */
  issueResponseUrl(): string;
  /** The next call of `method` fails with a Slack error (default) or an HTTP status. */
  failNext(method: string, failure?: ScriptedFailure): void;
  /** The next call of `method` gets HTTP 429 with `Retry-After` seconds (default 0). */
  rateLimitNext(method: string, options?: { retryAfter?: number }): void;
  /** The next call of `method` waits until `release()`. */
  holdNext(method: string): HeldCall;
  /** Resolves once `count` Socket Mode connections have been greeted with hello, in total. */
  connected(count?: number): Promise<void>;
  /** Resolves when no Socket Mode connection is open. */
  disconnected(): Promise<void>;
  /**
   * Sends an envelope on the newest connection; resolves with the client's ack, rejects if the
   * connection closes first or none is open.
   * @example
   * const ack = await fake.sendEnvelope('slash_commands', slashCommandPayload({ command: '/coach', trigger_id, response_url }));
   * expect(ack.payload).toEqual({ text: 'On it' });
   */
  sendEnvelope(type: EnvelopeType, payload: object, options?: EnvelopeOptions): Promise<SocketAck>;
  /** Asks every connected client to reconnect, as Slack does when it recycles a server. */
  disconnect(reason?: DisconnectReason): void;
  /** Stop Socket Mode apps first, or they will try to reconnect to a closed server. */
  close(): Promise<void>;
}
