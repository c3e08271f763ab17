// The fake Discord's default identities and permission bits, and snowflakes drawn from the injected clock.

/** The identities the fake uses unless told otherwise. */
export const FAKE_DISCORD_IDS = {
  token: 'fake-discord-bot-token',
  applicationId: '1100000000000000001',
  botUsername: 'coach-bot',
  guildId: '1100000000000000100',
  guildName: 'Fake Guild',
  channelId: '1100000000000000200',
  channelName: 'general',
  userId: '1100000000000000300',
  userName: 'fake.user',
} as const;

/** Permission bits (discord-api-types `PermissionFlagsBits`), the few the fake and its tests use. */
export const DISCORD_PERMISSIONS = {
  Administrator: 1n << 3n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  UseApplicationCommands: 1n << 31n,
  SendMessagesInThreads: 1n << 38n,
} as const;

const P = DISCORD_PERMISSIONS;

/** What a plain member may do in a fresh guild's text channel. */
export const DEFAULT_MEMBER_PERMISSIONS =
  P.ViewChannel |
  P.SendMessages |
  P.AddReactions |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.UseExternalEmojis |
  P.UseApplicationCommands |
  P.SendMessagesInThreads;

/** Milliseconds of 2015-01-01, where Discord snowflakes count from. */
const DISCORD_EPOCH = 1_420_070_400_000n;

/** A snowflake for `ms` whose low 22 bits carry `sequence` (unique while fewer than 4M ids share a ms). */
export function snowflakeAt(ms: number, sequence: number): string {
  return (((BigInt(ms) - DISCORD_EPOCH) << 22n) | BigInt(sequence & 0x3f_ffff)).toString();
}

/** A permission bitfield as Discord writes it: a decimal string. */
export const bitfield = (value: bigint | string): string => BigInt(value).toString();
