// Invocation: one use of /coach, as every platform describes it to the core.

export type Platform = 'slack' | 'discord' | 'console';

export interface InvocationUser {
  /** The platform's user id. */
  id: string;
  name: string;
  /** Workspace admin/owner on Slack, Manage Server on Discord, everyone on the console. */
  isAdmin: boolean;
  /** The time zone the platform knows for the user (Slack's profile, the console's TZ), if any. */
  timezone?: string;
}

/** Argument values after parsing: strings and integers by option name. */
export type ArgValues = Record<string, string | number | undefined>;

/**
 * A command as a platform delivered it. `tenantId` is the Slack team, the Discord guild or `console`:
 * every read and write is scoped by it.
 *
 * @example
 * { id: 'c-1', platform: 'console', tenantId: 'console', channelId: 'console',
 *   user: { id: 'ada', name: 'ada', isAdmin: true }, command: 'question', text: 'rag 2', raw: 'question rag 2' }
 */
export interface Invocation {
  /** Unique per invocation, for logs. */
  id: string;
  platform: Platform;
  tenantId: string;
  channelId: string;
  user: InvocationUser;
  /** The command path, e.g. `question` or `schedule set`. */
  command: string;
  /** Already-typed arguments (Discord's options); when absent, `text` is parsed against the command's options. */
  args?: ArgValues;
  /** What followed the command name, as typed. */
  text: string;
  /**
   * The platform's id for this delivery (a Slack view id, a Discord interaction id): submitting the same
   * one twice records one answer.
   */
  deliveryKey?: string;
  /** The question a button or an answer modal was about; `answer` answers it rather than the open question. */
  questionId?: string;
  raw: unknown;
}
