// Discord objects as the API and gateway write them: users, members, channels, roles, guilds, READY.
import { bitfield, DEFAULT_MEMBER_PERMISSIONS } from './ids.js';
import type { FakeDiscordUser } from './types.js';
import type { DmChannel, World, WorldChannel, WorldGuild } from './world.js';

type Json = Record<string, unknown>;

export function userObject(user: FakeDiscordUser): Json {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.global_name ?? null,
    avatar: user.avatar ?? null,
    ...(user.bot ? { bot: true } : {}),
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
  };
}

/** A guild member; `permissions` is only present in interactions. */
export function memberObject(
  world: World,
  user: FakeDiscordUser,
  extra: { roles?: string[]; permissions?: bigint } = {},
): Json {
  return {
    user: userObject(user),
    nick: null,
    avatar: null,
    banner: null,
    roles: extra.roles ?? [],
    joined_at: world.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    pending: false,
    flags: 0,
    communication_disabled_until: null,
    unusual_dm_activity_until: null,
    ...(extra.permissions !== undefined ? { permissions: bitfield(extra.permissions) } : {}),
  };
}

/** A guild channel; `guild_id` is left out inside GUILD_CREATE, as Discord does. */
export function channelObject(channel: WorldChannel, index: number, guildId?: string): Json {
  return {
    id: channel.id,
    type: channel.type,
    name: channel.name,
    position: index,
    permission_overwrites: [],
    parent_id: channel.parent_id ?? null,
    flags: 0,
    ...(channel.type === 4
      ? {}
      : {
          topic: channel.topic ?? null,
          nsfw: false,
          last_message_id: null,
          rate_limit_per_user: 0,
        }),
    ...(guildId ? { guild_id: guildId } : {}),
  };
}

export function dmChannelObject(dm: DmChannel): Json {
  return { id: dm.id, type: 1, last_message_id: null, flags: 0, recipients: [userObject(dm.recipient)] };
}

function roleObject(id: string, name: string, permissions: string, position: number, tags?: Json): Json {
  return {
    id,
    name,
    description: null,
    permissions,
    position,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    managed: tags !== undefined,
    mentionable: false,
    icon: null,
    unicode_emoji: null,
    flags: 0,
    ...(tags ? { tags } : {}),
  };
}

/** `@everyone` (id = guild id), the configured roles, and the bot's managed role. */
export function guildRoles(world: World, guild: WorldGuild): Json[] {
  return [
    roleObject(guild.id, '@everyone', bitfield(DEFAULT_MEMBER_PERMISSIONS), 0),
    ...guild.roles.map((role, i) => roleObject(role.id, role.name, role.permissions ?? '0', i + 1)),
    roleObject(
      guild.botRoleId,
      world.botUser.username,
      bitfield(world.botPermissions),
      guild.roles.length + 1,
      {
        bot_id: world.botUser.id,
      },
    ),
  ];
}

/**
 * GUILD_CREATE with Discord's fields. discord.js caches a guild from `id` and `channels` alone (without
 * `channels` it marks the guild unavailable); `members` must hold the bot's own member for
 * `guild.members.me` and permission checks, `roles` must hold `@everyone`, and getters such as
 * `Guild#verified` call `features.includes`.
 */
export function guildCreate(world: World, guild: WorldGuild): Json {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.owner_id,
    application_id: null,
    afk_channel_id: null,
    afk_timeout: 300,
    system_channel_id: guild.channels.find((channel) => channel.type === 0)?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: guild.preferred_locale,
    vanity_url_code: null,
    max_members: 500_000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    features: [],
    emojis: [],
    stickers: [],
    roles: guildRoles(world, guild),
    hub_type: null,
    incidents_data: null,
    joined_at: world.joinedAt,
    large: false,
    unavailable: false,
    lazy: true,
    member_count: guild.member_count,
    members: [memberObject(world, world.botUser, { roles: [guild.botRoleId] })],
    channels: guild.channels.map((channel, i) => channelObject(channel, i)),
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    embedded_activities: [],
  };
}

/** READY: every guild listed unavailable, each followed by its GUILD_CREATE. */
export function readyPayload(world: World, sessionId: string, resumeUrl: string): Json {
  return {
    v: 10,
    user_settings: {},
    user: { ...userObject(world.botUser), verified: true, mfa_enabled: false, email: null },
    session_type: 'normal',
    session_id: sessionId,
    resume_gateway_url: resumeUrl,
    relationships: [],
    private_channels: [],
    presences: [],
    guilds: world.guilds.map((guild) => ({ id: guild.id, unavailable: true })),
    guild_join_requests: [],
    geo_ordered_rtc_regions: [],
    auth: {},
    application: { id: world.applicationId, flags: 0 },
    shard: [0, 1],
    _trace: ['["fake-discord-gateway",{"micros":0}]'],
  };
}

/** `GET /applications/@me`. */
export function applicationObject(world: World): Json {
  return {
    id: world.applicationId,
    name: world.botUser.username,
    icon: null,
    description: '',
    summary: '',
    type: null,
    bot: userObject(world.botUser),
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: 0,
    team: null,
    owner: userObject({ id: world.guilds[0]?.owner_id ?? world.applicationId, username: 'owner' }),
    hook: true,
    interactions_endpoint_url: null,
    install_params: { scopes: ['bot', 'applications.commands'], permissions: bitfield(world.botPermissions) },
    integration_types_config: { '0': {} },
    approximate_guild_count: world.guilds.length,
  };
}
