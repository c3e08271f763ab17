// The Discord adapter: a gateway bot (Guilds intent only) serving /coach, its buttons and modals.
import { randomUUID } from 'node:crypto';
import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type GuildMember,
  type Interaction,
  MessageFlags,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  REST,
  Routes,
} from 'discord.js';
import type { Command } from '../../core/command.js';
import { resultWithin } from '../../core/deadline.js';
import type { Invocation } from '../../core/invocation.js';
import type { Logger } from '../../core/logger.js';
import type { PlatformAdapter } from '../../core/platform.js';
import type { Reply } from '../../core/reply.js';
import type { CommandRuntime } from '../../core/runtime.js';
import { autocompleteChoices, buildCoachCommand, readCommandPath } from './command-definitions.js';
import { discordCall } from './errors.js';
import { answerModal, readModalSubmission, reportModal } from './modal.js';
import { parseCustomId, renderDiscordMessage } from './render.js';

/** What the adapter needs besides the command runtime; the composition root wires it to the coach. */
export interface DiscordServices {
  question(id: string): { id: string; title: string } | undefined;
  topics: readonly { slug: string; title: string }[];
  /** The bot was removed from a guild. */
  guildRemoved(guildId: string): Promise<void>;
}

export interface DiscordAdapterConfig {
  runtime: CommandRuntime;
  services: DiscordServices;
  logger: Logger;
  token: string;
  appId: string;
  /** discord.js's REST base (`rest.api`); the gateway URL is looked up through it too. */
  apiUrl?: string;
  /** Register /coach when the bot starts (DISCORD_REGISTER_ON_START). */
  registerOnStart?: boolean;
  /** Defer, then edit, when a command takes longer than this to answer. */
  ackDeadlineMs?: number;
}

export interface DiscordAdapter extends PlatformAdapter {
  /** Posts a reply to a channel (daily questions); Discord errors arrive as DiscordAdapterError. */
  postMessage(channelId: string, reply: Reply): Promise<{ id: string }>;
  /** Replaces a message the bot posted (a daily post's results). */
  updateMessage(channelId: string, messageId: string, reply: Reply): Promise<void>;
  /** Sends a reply to a member by direct message (a nudge, a notice to an admin). */
  sendDirect(userId: string, reply: Reply): Promise<{ id: string }>;
}

// Discord drops an interaction not answered within 3 s (10062 Unknown interaction).
const ACK_DEADLINE_MS = 2_000;

/** Registers `/coach` for one guild (instant) or globally, generated from the shared command definitions. */
export async function registerDiscordCommands<S>(input: {
  token: string;
  appId: string;
  apiUrl?: string;
  guildId?: string;
  commands: readonly Command<S>[];
  topics: readonly { slug: string; title: string }[];
}): Promise<void> {
  const rest = new REST(input.apiUrl ? { api: input.apiUrl } : {}).setToken(input.token);
  const body = [buildCoachCommand(input.commands, { topics: input.topics })];
  const route = input.guildId
    ? Routes.applicationGuildCommands(input.appId, input.guildId)
    : Routes.applicationCommands(input.appId);
  await discordCall('PUT commands', () => rest.put(route, { body }));
}

/** The reply without its ephemeral flag: for channel posts and edits (an edit keeps the original's visibility). */
const channelMessage = (reply: Reply) => {
  const { flags: _ephemeral, ...message } = renderDiscordMessage(reply);
  return message;
};

/**
 * Creates the Discord adapter. Every path commits before it acknowledges and acknowledges before slow work
 * (grading), whose result is edited into the deferred reply or sent as a follow-up.
 *
 * @example
 * const discord = createDiscordAdapter({ runtime, services, logger, token, appId });
 * await discord.start();
 */
export function createDiscordAdapter(config: DiscordAdapterConfig): DiscordAdapter {
  const { runtime, services, logger } = config;
  const ackDeadline = config.ackDeadlineMs ?? ACK_DEADLINE_MS;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...(config.apiUrl ? { rest: { api: config.apiUrl } } : {}),
  });

  function invocationOf(
    interaction: Interaction,
    command: string,
    extra: Partial<Pick<Invocation, 'args' | 'text' | 'deliveryKey' | 'questionId'>> = {},
  ): Invocation {
    const member = interaction.member as GuildMember | { nick?: string | null } | null;
    const displayName =
      (member && 'displayName' in member ? member.displayName : member?.nick) ||
      interaction.user.globalName ||
      interaction.user.username;
    return {
      id: randomUUID(),
      platform: 'discord',
      tenantId: interaction.guildId ?? `dm-${interaction.user.id}`,
      channelId: interaction.channelId ?? `dm-${interaction.user.id}`,
      // Discord has no per-user time zone: members set theirs with /coach timezone.
      user: {
        id: interaction.user.id,
        name: displayName,
        isAdmin: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
      },
      command,
      text: extra.text ?? '',
      raw: interaction.toJSON(),
      ...(extra.args ? { args: extra.args } : {}),
      ...(extra.deliveryKey ? { deliveryKey: extra.deliveryKey } : {}),
      ...(extra.questionId ? { questionId: extra.questionId } : {}),
    };
  }

  async function followUps(
    reply: Reply,
    interaction: ChatInputCommandInteraction | ButtonInteraction,
  ): Promise<void> {
    let next = reply.followUp;
    while (next) {
      const followed = await next();
      await interaction.followUp(renderDiscordMessage(followed));
      next = followed.followUp;
    }
  }

  async function onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const { command, args } = readCommandPath({
      name: interaction.commandName,
      options: interaction.options.data as never,
    });
    const invocation = invocationOf(interaction, command, {
      args,
      text: Object.values(args).join(' '),
      deliveryKey: `discord:${interaction.id}`,
    });
    const work = runtime.handle(invocation);
    let reply = await resultWithin(work, ackDeadline);
    if (reply) {
      await interaction.reply(renderDiscordMessage(reply));
    } else {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      reply = await work;
      await interaction.editReply(channelMessage(reply));
    }
    await followUps(reply, interaction);
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const kind = focused.name === 'zone' ? 'timezone' : 'topic';
    await interaction.respond(autocompleteChoices(kind, String(focused.value), services.topics));
  }

  async function onButton(interaction: ButtonInteraction): Promise<void> {
    const action = parseCustomId(interaction.customId);
    if (!action) return;
    const colon = action.indexOf(':');
    const kind = colon === -1 ? action : action.slice(0, colon);
    const questionId = colon === -1 ? undefined : action.slice(colon + 1);
    if (kind === 'answer' || kind === 'report') {
      const question = questionId ? services.question(questionId) : undefined;
      if (!question) {
        await interaction.reply({
          content: 'That question is no longer in the bank. Try `/coach question` for another.',
          flags: MessageFlags.Ephemeral,
          allowedMentions: { parse: [] },
        });
        return;
      }
      // A modal must be the interaction's first response: nothing slow before it.
      await interaction.showModal(kind === 'answer' ? answerModal(question) : reportModal(question));
      return;
    }
    const invocation = invocationOf(interaction, kind === 'reveal' ? 'reveal' : 'next', {
      text: kind === 'reveal' && questionId ? questionId : '',
    });
    const reply = await runtime.handle(invocation);
    await interaction.reply(renderDiscordMessage(reply));
    await followUps(reply, interaction);
  }

  async function onModal(interaction: ModalSubmitInteraction): Promise<void> {
    const fields = Object.fromEntries(
      interaction.fields.fields.map((field) => [field.customId, 'value' in field ? String(field.value) : '']),
    );
    const submission = readModalSubmission(interaction.customId, fields);
    if (!submission) return;
    const invocation =
      submission.kind === 'answer'
        ? invocationOf(interaction, 'answer', {
            text: submission.text,
            // The same interaction delivered twice records one answer.
            deliveryKey: `discord:${interaction.id}`,
            questionId: submission.questionId,
          })
        : invocationOf(interaction, 'report', { text: `${submission.questionId} ${submission.text}` });
    // Commit first (runtime.handle stores the answer as pending), then acknowledge, then grade.
    const reply = await runtime.handle(invocation);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    let shown = reply;
    while (shown.followUp) shown = await shown.followUp();
    await interaction.editReply(channelMessage(shown));
  }

  client.on(Events.InteractionCreate, (interaction) => {
    const work = interaction.isChatInputCommand()
      ? onCommand(interaction)
      : interaction.isAutocomplete()
        ? onAutocomplete(interaction)
        : interaction.isButton()
          ? onButton(interaction)
          : interaction.isModalSubmit()
            ? onModal(interaction)
            : Promise.resolve();
    work.catch((error) =>
      logger.error({ err: error, interactionId: interaction.id }, 'Discord interaction failed'),
    );
  });

  client.on(Events.GuildDelete, (guild) => {
    // An outage makes a guild unavailable without removing the bot: only a real removal counts.
    if (!guild.available) return;
    services
      .guildRemoved(guild.id)
      .catch((error) => logger.error({ err: error, guildId: guild.id }, 'could not mark a guild removed'));
  });

  return {
    name: 'discord',
    async start() {
      if (config.registerOnStart) {
        await registerDiscordCommands({
          token: config.token,
          appId: config.appId,
          ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
          commands: runtime.commands,
          topics: services.topics,
        });
      }
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(config.token);
      await ready;
      logger.info({ guilds: client.guilds.cache.size }, 'Discord adapter connected');
    },
    async stop() {
      await client.destroy();
    },
    async postMessage(channelId, reply) {
      const channel = await discordCall('GET channel', () => client.channels.fetch(channelId));
      if (!channel?.isSendable()) throw new Error(`Discord channel ${channelId} does not take messages`);
      const send = (): Promise<{ id: string }> => channel.send(channelMessage(reply));
      const message = await discordCall('POST message', send);
      return { id: message.id };
    },
    async sendDirect(userId, reply) {
      const channel = await discordCall('POST DM channel', () => client.users.createDM(userId));
      const message = await discordCall('POST message', () => channel.send(channelMessage(reply)));
      return { id: message.id };
    },
    async updateMessage(channelId, messageId, reply) {
      const message = channelMessage(reply);
      await discordCall('PATCH message', () =>
        client.rest.patch(Routes.channelMessage(channelId, messageId), {
          body: {
            embeds: message.embeds,
            components: message.components,
            allowed_mentions: { parse: [] },
          },
        }),
      );
    },
  };
}
