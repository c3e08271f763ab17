// Discord API failures as typed adapter errors that callers (the scheduler, the adapter) can act on.

/** What a caller can do about a failure: stop posting to a channel, retry later, or fix the credentials. */
export type DiscordErrorKind = 'channel' | 'rate_limited' | 'auth' | 'other';

const KINDS: Record<number, DiscordErrorKind> = {
  50001: 'channel', // Missing Access
  10003: 'channel', // Unknown Channel
  50013: 'channel', // Missing Permissions
  40001: 'auth', // Unauthorized
};

/** A Discord REST call that failed, with Discord's JSON error code (50001, 10003, 50013...). */
export class DiscordAdapterError extends Error {
  readonly kind: DiscordErrorKind;
  constructor(
    readonly code: number,
    readonly status: number,
    readonly route: string,
    message: string,
  ) {
    super(`Discord ${route} failed: ${code} ${message}`);
    this.name = 'DiscordAdapterError';
    this.kind = status === 429 ? 'rate_limited' : status === 401 ? 'auth' : (KINDS[code] ?? 'other');
  }
}

/** Runs a REST call, turning discord.js's DiscordAPIError/HTTPError into a DiscordAdapterError. */
export async function discordCall<T>(route: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DiscordAdapterError) throw error;
    const e = error as { code?: unknown; status?: unknown; message?: unknown };
    throw new DiscordAdapterError(
      typeof e.code === 'number' ? e.code : 0,
      typeof e.status === 'number' ? e.status : 0,
      route,
      typeof e.message === 'string' ? e.message : String(error),
    );
  }
}
