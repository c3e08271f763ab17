// The fake's world: resolved identities, guilds, users and DM channels, the injected clock and snowflakes.
import { DEFAULT_MEMBER_PERMISSIONS, FAKE_DISCORD_IDS, snowflakeAt } from './ids.js';
import type {
  FakeDiscordChannel,
  FakeDiscordGuild,
  FakeDiscordOptions,
  FakeDiscordRole,
  FakeDiscordUser,
} from './types.js';

/** A guild channel with its type filled in. */
export type WorldChannel = FakeDiscordChannel & { type: number };

/** A DM channel between the bot and one user. */
export interface DmChannel {
  id: string;
  type: 1;
  recipient: FakeDiscordUser;
}

/** A guild with every default filled in. */
export interface WorldGuild {
  id: string;
  name: string;
  owner_id: string;
  channels: WorldChannel[];
  roles: FakeDiscordRole[];
  /** The managed role Discord gives the bot when it joins, holding its permissions. */
  botRoleId: string;
  member_count: number;
  preferred_locale: string;
}

/** Where a channel id leads: a guild channel, or a DM the bot opened. */
export type ChannelPlace =
  | { kind: 'guild'; guild: WorldGuild; channel: WorldChannel }
  | { kind: 'dm'; channel: DmChannel };

export interface World {
  token: string;
  applicationId: string;
  botUser: FakeDiscordUser & { bot: true };
  guilds: WorldGuild[];
  users: Map<string, FakeDiscordUser>;
  botPermissions: bigint;
  heartbeatInterval: number;
  rateLimit: { limit: number; resetAfter: number };
  now: () => Date;
  /** A fresh snowflake at the injected clock's millisecond. */
  snowflake: () => string;
  /** The injected clock as an ISO timestamp. */
  isoNow: () => string;
  /** When the bot "joined" every guild (the fake's creation). */
  joinedAt: string;
  guild(id: string): WorldGuild | undefined;
  place(channelId: string): ChannelPlace | undefined;
  /** The DM channel with `user`, opened on first use. */
  openDm(user: FakeDiscordUser): DmChannel;
}

export function createWorld(options: FakeDiscordOptions): World {
  const now = options.now ?? (() => new Date());
  let sequence = 0;
  const snowflake = () => snowflakeAt(now().getTime(), ++sequence);
  const applicationId = options.applicationId ?? FAKE_DISCORD_IDS.applicationId;
  const users = new Map(
    (options.users ?? [{ id: FAKE_DISCORD_IDS.userId, username: FAKE_DISCORD_IDS.userName }]).map((user) => [
      user.id,
      user,
    ]),
  );
  const firstUser = [...users.keys()][0] ?? FAKE_DISCORD_IDS.userId;
  const guildInits: FakeDiscordGuild[] = options.guilds ?? [
    {
      id: FAKE_DISCORD_IDS.guildId,
      name: FAKE_DISCORD_IDS.guildName,
      channels: [{ id: FAKE_DISCORD_IDS.channelId, name: FAKE_DISCORD_IDS.channelName, type: 0 }],
    },
  ];
  const guilds: WorldGuild[] = guildInits.map((guild) => ({
    id: guild.id,
    name: guild.name,
    owner_id: guild.owner_id ?? firstUser,
    channels: (guild.channels ?? []).map((channel) => ({ ...channel, type: channel.type ?? 0 })),
    roles: guild.roles ?? [],
    botRoleId: snowflake(),
    member_count: guild.member_count ?? users.size + 1,
    preferred_locale: guild.preferred_locale ?? 'en-US',
  }));
  const dms = new Map<string, DmChannel>();

  return {
    token: options.token ?? FAKE_DISCORD_IDS.token,
    applicationId,
    botUser: {
      id: applicationId,
      username: FAKE_DISCORD_IDS.botUsername,
      global_name: null,
      avatar: null,
      ...options.botUser,
      bot: true,
    },
    guilds,
    users,
    botPermissions: BigInt(options.botPermissions ?? DEFAULT_MEMBER_PERMISSIONS),
    heartbeatInterval: options.heartbeatInterval ?? 45_000,
    rateLimit: { limit: options.rateLimit?.limit ?? 50, resetAfter: options.rateLimit?.resetAfter ?? 1 },
    now,
    snowflake,
    isoNow: () => now().toISOString(),
    joinedAt: now().toISOString(),
    guild: (id) => guilds.find((guild) => guild.id === id),
    place(channelId) {
      for (const guild of guilds) {
        const channel = guild.channels.find((candidate) => candidate.id === channelId);
        if (channel) return { kind: 'guild', guild, channel };
      }
      const dm = [...dms.values()].find((candidate) => candidate.id === channelId);
      return dm ? { kind: 'dm', channel: dm } : undefined;
    },
    openDm(user) {
      const existing = dms.get(user.id);
      if (existing) return existing;
      const dm = { id: snowflake(), type: 1 as const, recipient: user };
      dms.set(user.id, dm);
      return dm;
    },
  };
}
