// INTERACTION_CREATE payloads as Discord sends them: who, where, and the command, component or modal data.
import { optionDefinition } from './commands.js';
import { bitfield, DEFAULT_MEMBER_PERMISSIONS, DISCORD_PERMISSIONS } from './ids.js';
import { modalTextInputs } from './limits.js';
import { channelObject, dmChannelObject, memberObject, userObject } from './objects.js';
import type {
  CommandInit,
  CommandOptionValue,
  FakeDiscordUser,
  InteractionInit,
  StoredCommand,
} from './types.js';
import { isRecord, records, str } from './wire.js';
import type { World, WorldGuild } from './world.js';

type Json = Record<string, unknown>;

/** Option types: 1 subcommand, 2 group, 3 string, 4 integer, 5 boolean, 6 user, 10 number. */
const OPTION = { subcommand: 1, group: 2, string: 3, integer: 4, boolean: 5, user: 6, number: 10 } as const;
const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

/** Who acts, where, and with which permissions. */
export interface Actor {
  user: FakeDiscordUser;
  guild?: WorldGuild;
  channel: Json;
  channelId: string;
  permissions: bigint;
  roles: string[];
  locale: string;
}

/** Fills an InteractionInit's defaults; throws on a guild, channel or user the fake does not know. */
export function resolveActor(world: World, init: InteractionInit): Actor {
  const user =
    typeof init.user === 'object'
      ? init.user
      : world.users.get(init.user ?? [...world.users.keys()][0] ?? '');
  if (!user) throw new Error(`fake Discord: unknown user ${String(init.user)}; add it to options.users`);
  const base = BigInt(init.permissions ?? DEFAULT_MEMBER_PERMISSIONS);
  const permissions = init.admin ? base | DISCORD_PERMISSIONS.ManageGuild : base;
  const common = { user, permissions, roles: init.roles ?? [], locale: init.locale ?? 'en-US' };
  if (init.guildId === null) {
    const dm = world.openDm(user);
    return { ...common, channel: dmChannelObject(dm), channelId: dm.id };
  }
  const guild = world.guild(init.guildId ?? world.guilds[0]?.id ?? '');
  if (!guild) throw new Error(`fake Discord: unknown guild ${String(init.guildId)}`);
  const index = init.channelId
    ? guild.channels.findIndex((channel) => channel.id === init.channelId)
    : guild.channels.findIndex((channel) => channel.type === 0);
  const channel = guild.channels[index];
  if (!channel)
    throw new Error(`fake Discord: no channel ${init.channelId ?? '(text)'} in guild ${guild.id}`);
  return { ...common, guild, channel: channelObject(channel, index, guild.id), channelId: channel.id };
}

/** The fields every interaction carries, as current Discord sends them. */
export function interactionPayload(
  world: World,
  actor: Actor,
  fields: { id: string; token: string; type: number; data?: Json; message?: Json },
): Json {
  const { guild } = actor;
  return {
    id: fields.id,
    application_id: world.applicationId,
    type: fields.type,
    token: fields.token,
    version: 1,
    ...(fields.data ? { data: fields.data } : {}),
    ...(fields.message ? { message: fields.message } : {}),
    channel_id: actor.channelId,
    channel: actor.channel,
    ...(guild
      ? {
          guild_id: guild.id,
          guild: { id: guild.id, locale: guild.preferred_locale, features: [] },
          member: memberObject(world, actor.user, { roles: actor.roles, permissions: actor.permissions }),
          guild_locale: guild.preferred_locale,
        }
      : { user: userObject(actor.user) }),
    app_permissions: bitfield(world.botPermissions),
    locale: actor.locale,
    entitlements: [],
    authorizing_integration_owners: guild ? { '0': guild.id } : { '1': actor.user.id },
    // 0 guild, 1 the bot's DM.
    context: guild ? 0 : 1,
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
  };
}

function inferType(value: string | number | boolean): number {
  if (typeof value === 'boolean') return OPTION.boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? OPTION.integer : OPTION.number;
  return OPTION.string;
}

/** A slash command's `data`: subcommand group and subcommand nesting, typed options, resolved users. */
export function commandData(
  world: World,
  command: StoredCommand | undefined,
  init: CommandInit,
  focused?: string,
): Json {
  const path = [init.group, init.subcommand].filter((step): step is string => step !== undefined);
  const given: CommandOptionValue[] = Array.isArray(init.options)
    ? init.options
    : Object.entries(init.options ?? {}).map(([name, value]) => {
        const type = optionDefinition(command, path, name)?.type;
        return { name, value, type: typeof type === 'number' ? type : inferType(value) };
      });
  const leaves = given.map((option) => ({
    name: option.name,
    type: option.type,
    value: option.value,
    ...(option.focused || option.name === focused ? { focused: true } : {}),
  }));
  let options: Json[] = leaves;
  if (init.subcommand) options = [{ name: init.subcommand, type: OPTION.subcommand, options }];
  if (init.group) options = [{ name: init.group, type: OPTION.group, options }];
  const users = leaves
    .filter((option) => option.type === OPTION.user)
    .map((option) => world.users.get(String(option.value)))
    .filter((user): user is FakeDiscordUser => user !== undefined);
  return {
    id: command?.id ?? world.snowflake(),
    name: init.name,
    type: 1,
    ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
    ...(options.length > 0 ? { options } : {}),
    ...(users.length > 0
      ? { resolved: { users: Object.fromEntries(users.map((user) => [user.id, userObject(user)])) } }
      : {}),
  };
}

/** The first custom_id on a message's components (rows, or components v2 containers). */
export function firstCustomId(components: unknown): string | undefined {
  for (const component of records(components)) {
    const own = str(component.custom_id);
    if (own !== undefined) return own;
    const nested =
      firstCustomId(component.components) ?? firstCustomId(component.accessory ? [component.accessory] : []);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

/** A modal submit's `data.components`: the shown modal's layout (rows or labels) when known, else one row per field. */
export function modalSubmitComponents(fields: Record<string, string>, shown?: Json): Json[] {
  if (!shown) {
    return Object.entries(fields).map(([customId, value], i) => ({
      type: 1,
      id: i * 2 + 1,
      components: [{ type: 4, id: i * 2 + 2, custom_id: customId, value }],
    }));
  }
  const inputs = modalTextInputs(shown).map(({ input }) => str(input.custom_id));
  for (const [customId, value] of Object.entries(fields)) {
    if (!inputs.includes(customId)) {
      throw new Error(`fake Discord: the modal ${String(shown.custom_id)} has no text input ${customId}`);
    }
    const input = modalTextInputs(shown).find((entry) => entry.input.custom_id === customId)?.input ?? {};
    const max = typeof input.max_length === 'number' ? input.max_length : 4_000;
    if (value.length > max) {
      throw new Error(`fake Discord: Discord's client stops ${customId} at ${max} characters`);
    }
  }
  let id = 0;
  const submitted = (input: Json) => ({
    type: input.type,
    id: ++id,
    custom_id: input.custom_id,
    value: fields[str(input.custom_id) ?? ''] ?? '',
  });
  return records(shown.components).map((row) =>
    isRecord(row.component)
      ? { type: row.type, id: ++id, component: submitted(row.component) }
      : { type: row.type, id: ++id, components: records(row.components).map(submitted) },
  );
}
