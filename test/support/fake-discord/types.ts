// The fake Discord's public shapes: its options, what it records and stores, and the FakeDiscord handle.

/** A Discord user as the fake renders it (bots and people). */
export interface FakeDiscordUser {
  id: string;
  username: string;
  global_name?: string | null;
  avatar?: string | null;
  bot?: boolean;
}

/** A guild channel; `type` 0 is a text channel (2 voice, 4 category, 5 announcement). */
export interface FakeDiscordChannel {
  id: string;
  name: string;
  type?: number;
  parent_id?: string | null;
  topic?: string | null;
}

/** A role besides `@everyone` (whose id is the guild's id and which the fake adds itself). */
export interface FakeDiscordRole {
  id: string;
  name: string;
  /** A permission bitfield; default `'0'`. */
  permissions?: string;
}

export interface FakeDiscordGuild {
  id: string;
  name: string;
  channels?: FakeDiscordChannel[];
  roles?: FakeDiscordRole[];
  /** Default: the first configured user. */
  owner_id?: string;
  member_count?: number;
  /** Also the interactions' `guild_locale`; default `en-US`. */
  preferred_locale?: string;
}

export interface FakeDiscordOptions {
  /** The bot token REST (`Authorization: Bot <token>`) and IDENTIFY must carry. */
  token?: string;
  applicationId?: string;
  /** The bot's user; its id defaults to the application id, as for every app created since 2019. */
  botUser?: Partial<FakeDiscordUser>;
  /** Default: one guild with one text channel (`FAKE_DISCORD_IDS`). */
  guilds?: FakeDiscordGuild[];
  /** People who can run commands; default: one user (`FAKE_DISCORD_IDS.userId`). */
  users?: FakeDiscordUser[];
  /** Clock for the 3 s / 15 min interaction deadlines, snowflakes and timestamps (default: system clock). */
  now?: () => Date;
  /** HELLO's heartbeat_interval in ms (default 45,000: tests never wait on a heartbeat). */
  heartbeatInterval?: number;
  /** What the bot may do where it is (interactions' `app_permissions`); default: the fake's member defaults. */
  botPermissions?: bigint | string;
  /**
   * The per-route bucket the `X-RateLimit-*` headers describe (default 50 requests per 1 s window of the
   * injected clock). discord.js waits `Reset-After` seconds of real time once `Remaining` reaches 0.
   */
  rateLimit?: { limit?: number; resetAfter?: number };
}

/** A file part of a multipart request (discord.js sends `files[n]` next to `payload_json`). */
export interface RecordedFile {
  field: string;
  name: string;
  contentType: string;
  size: number;
}

/** One REST request, recorded on arrival (scripted failures and retries included). */
export interface RecordedRequest {
  method: string;
  /** Below `/api/v10`, percent-decoded: `/webhooks/{app}/{token}/messages/@original`. */
  path: string;
  query: Record<string, string>;
  /** The JSON body, or a multipart request's `payload_json`; undefined without a body. */
  body: unknown;
  files: RecordedFile[];
  authorization?: string;
  /** The injected clock when the request arrived. */
  at: Date;
  /** The HTTP status the fake answered; undefined while the request is held. */
  status?: number;
  /** The JSON the fake answered (undefined for 204). */
  response?: unknown;
}

/** Matches requests for scripting: `'POST /channels/:id/messages'` (`:x` is any segment, method optional) or a predicate. */
export type RouteMatcher = string | ((request: RecordedRequest) => boolean);

/** What a request answers instead, once. */
export interface ScriptedFailure {
  status: number;
  /** Discord's JSON error code, e.g. 50001 Missing Access, 10003 Unknown Channel, 50013 Missing Permissions. */
  code: number;
  message: string;
  errors?: Record<string, unknown>;
}

export interface RateLimitScript {
  /** Seconds, in the body's `retry_after` and the `Retry-After` header (default 0). */
  retryAfter?: number;
  /** A global limit (`X-RateLimit-Global`, `X-RateLimit-Scope: global`) instead of the route's. */
  global?: boolean;
}

/** A request the fake is holding: it is answered normally once released. */
export interface HeldRequest {
  arrived: Promise<RecordedRequest>;
  release(): void;
}

/** How a stored message reached Discord. */
export type MessageOrigin = 'channel' | 'interaction' | 'followup';

/** A message the bot sent, as the fake keeps it. */
export interface StoredMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: Record<string, unknown>[];
  components: Record<string, unknown>[];
  attachments: Record<string, unknown>[];
  flags: number;
  /** As the bot sent it; undefined means Discord's default (every mention in the content pings). */
  allowed_mentions?: Record<string, unknown>;
  origin: MessageOrigin;
  /** The interaction it answers (origin `interaction` or `followup`). */
  interactionId?: string;
  /** flags & 64: only the invoking user sees it. */
  ephemeral: boolean;
  /** A deferred reply still showing "thinking…" (flags & 128). */
  loading: boolean;
  timestamp: string;
  edited_timestamp: string | null;
  edits: number;
  deleted: boolean;
}

/** An application command as stored and returned by the fake. */
export type StoredCommand = Record<string, unknown> & {
  id: string;
  application_id: string;
  name: string;
  type: number;
  version: string;
  guild_id?: string;
};

/** The body the bot POSTed to `/interactions/{id}/{token}/callback`. */
export interface InteractionCallback {
  type: number;
  data?: Record<string, unknown>;
}

/** An interaction the fake dispatched. */
export interface InteractionHandle {
  id: string;
  token: string;
  /** The INTERACTION_CREATE payload as dispatched. */
  payload: Record<string, unknown>;
  /** Resolves with the body of the bot's first callback for this interaction, accepted or not. */
  response: Promise<InteractionCallback>;
}

/** Who acts and where; every field has a default from the configured guilds and users. */
export interface InteractionInit {
  /** A configured user's id, or a user. */
  user?: string | FakeDiscordUser;
  /** Default: the first guild; `null` for a DM with the bot. */
  guildId?: string | null;
  /** Default: the guild's first text channel (or the DM channel). */
  channelId?: string;
  /** The member's permission bitfield (default: the fake's member defaults). */
  permissions?: bigint | string;
  /** Adds Manage Server (0x20) to the member's permissions. */
  admin?: boolean;
  roles?: string[];
  /** The user's client language (default `en-US`). */
  locale?: string;
}

/** One option, typed explicitly (3 string, 4 integer, 5 boolean, 6 user, 10 number, ...). */
export interface CommandOptionValue {
  name: string;
  type: number;
  value: string | number | boolean;
  focused?: boolean;
}

export interface CommandInit extends InteractionInit {
  name: string;
  subcommand?: string;
  group?: string;
  /** By name; types come from the registered command when there is one, else from the JS value. */
  options?: Record<string, string | number | boolean> | CommandOptionValue[];
}

export interface AutocompleteInit extends CommandInit {
  /** The option being typed. */
  focused: string;
}

export interface ComponentInit extends InteractionInit {
  /** Default: the first component with a custom_id on the message. */
  customId?: string;
  /** 2 button (default), 3 string select, 5-8 other selects. */
  componentType?: number;
  /** Select menus: the chosen values. */
  values?: string[];
}

export interface ModalSubmitInit extends InteractionInit {
  /** Text input custom_id → what the user typed. */
  fields: Record<string, string>;
}

/** A gateway payload the bot sent. */
export interface GatewayFrame {
  op: number;
  d: unknown;
  s?: number | null;
  t?: string | null;
}

/** One gateway WebSocket the bot opened. */
export interface GatewayConnection {
  /** `/gateway` or `/gateway/resume` (READY's `resume_gateway_url`). */
  path: string;
  query: Record<string, string>;
  /** The close code the bot sent, once closed (undefined if the socket just dropped). */
  closeCode?: number;
  open: boolean;
}

export interface FakeDiscord {
  /** `http://127.0.0.1:<port>/api`: discord.js's `rest.api` (it appends `/v10`). */
  apiUrl: string;
  /** `ws://127.0.0.1:<port>/gateway`, what `GET /gateway/bot` hands out. */
  gatewayUrl: string;
  token: string;
  applicationId: string;
  botUser: FakeDiscordUser;
  /** Every REST request, oldest first. */
  readonly requests: RecordedRequest[];
  /**
   * The first recorded request `predicate` accepts, once the fake has answered it (at once if one was).
   * @example
   * fake.sendCommand({ name: 'coach', subcommand: 'question' });
   * const edit = await fake.waitFor((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'));
   */
  waitFor(predicate: (request: RecordedRequest) => boolean): Promise<RecordedRequest>;
  /** Messages the bot sent (channel messages, interaction replies, follow-ups), oldest first. */
  readonly messages: StoredMessage[];
  /** The registered commands: global without `guildId`, else the guild's. */
  commands(guildId?: string): StoredCommand[];
  /** The next matching request fails with `failure` (status, Discord code and message). */
  failNext(route: RouteMatcher, failure: ScriptedFailure): void;
  /** The next matching request gets 429 `{ message, retry_after, global }`. */
  rateLimitNext(route: RouteMatcher, options?: RateLimitScript): void;
  /** The next matching request waits until `release()`. */
  holdNext(route: RouteMatcher): HeldRequest;
  /** Gateway payloads the bot sent (IDENTIFY, RESUME, heartbeats...), oldest first. */
  readonly gatewayReceived: GatewayFrame[];
  readonly gatewayConnections: GatewayConnection[];
  /** The intents of the last IDENTIFY. */
  readonly intents: number | undefined;
  /** The first gateway payload from the bot `predicate` accepts (at once if one arrived). */
  waitForGateway(predicate: (frame: GatewayFrame) => boolean): Promise<GatewayFrame>;
  /** Resolves once `count` gateway connections have been opened in total. */
  connected(count?: number): Promise<void>;
  /** Resolves when no gateway connection is open. */
  disconnected(): Promise<void>;
  /** Sends op 0 `event` with the session's next sequence number (returned); throws before IDENTIFY. */
  dispatch(event: string, data: unknown): number;
  /** Sends op 7 RECONNECT: discord.js closes with 4200 and RESUMEs on `resume_gateway_url` (after 500 ms). */
  reconnect(): void;
  /**
   * Sends op 9 INVALID_SESSION. Not resumable (default): discord.js reconnects and IDENTIFYs again, after
   * its identify throttle (5 s after the last IDENTIFY, real time).
   */
  invalidSession(resumable?: boolean): void;
  /** Dispatches a slash command (type 2) issued now on the injected clock. */
  sendCommand(init: CommandInit): InteractionHandle;
  /** Dispatches a component interaction (type 3) on a stored message, or on a bot message holding `customId`. */
  clickButton(target: StoredMessage | string, init?: ComponentInit): InteractionHandle;
  /** Dispatches a modal submit (type 5) for the modal `customId`. */
  submitModal(customId: string, init: ModalSubmitInit): InteractionHandle;
  /** Dispatches an autocomplete interaction (type 4). */
  autocomplete(init: AutocompleteInit): InteractionHandle;
  /** Destroy discord.js clients first, or they will try to reconnect to a closed server. */
  close(): Promise<void>;
}
