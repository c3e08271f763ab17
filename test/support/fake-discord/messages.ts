// Messages: the store, how a message renders to the bot, and the channel, DM and user routes.
import { isEmptyMessage, messageErrors } from './limits.js';
import { channelObject, dmChannelObject, userObject } from './objects.js';
import type { Route } from './router.js';
import type { MessageOrigin, RecordedFile, StoredMessage } from './types.js';
import { ERRORS, isRecord, noContent, ok, records, str } from './wire.js';
import type { World } from './world.js';

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
/** Message types: 0 default, 20 chat input command (a slash command's reply). */
const MESSAGE_TYPE = { default: 0, chatInputCommand: 20 } as const;

/** The interaction a message answers, as rendered in its `interaction_metadata`. */
export interface MessageInteraction {
  id: string;
  type: number;
  user: Record<string, unknown>;
  name?: string;
  guildId?: string;
}

export interface MessageStore {
  /** Messages the bot sent, in order (FakeDiscord.messages). */
  readonly messages: StoredMessage[];
  get(id: string): StoredMessage | undefined;
  create(init: {
    channelId: string;
    body: Record<string, unknown>;
    files?: RecordedFile[];
    origin: MessageOrigin;
    interaction?: MessageInteraction;
    flags?: number;
  }): StoredMessage;
  /** Keeps a message the bot is supposed to have sent earlier (a clicked button's message) without listing it. */
  remember(message: StoredMessage): void;
  /** Applies a PATCH body: fields present replace the stored ones. */
  edit(message: StoredMessage, body: Record<string, unknown>, files?: RecordedFile[]): void;
  /** The message object Discord returns and sends in interactions. */
  render(message: StoredMessage): Record<string, unknown>;
  /** Channel, DM and user routes. */
  routes: Route[];
}

export function createMessageStore(world: World): MessageStore {
  const messages: StoredMessage[] = [];
  const byId = new Map<string, StoredMessage>();
  const interactionOf = new Map<string, MessageInteraction>();

  const attachmentsOf = (files: RecordedFile[] = []) =>
    files.map((file) => ({
      id: world.snowflake(),
      filename: file.name,
      size: file.size,
      content_type: file.contentType,
      url: `https://cdn.discordapp.com/attachments/fake/${encodeURIComponent(file.name)}`,
      proxy_url: `https://media.discordapp.net/attachments/fake/${encodeURIComponent(file.name)}`,
    }));

  function apply(message: StoredMessage, body: Record<string, unknown>, files?: RecordedFile[]) {
    if ('content' in body) message.content = str(body.content) ?? '';
    if ('embeds' in body) message.embeds = records(body.embeds);
    if ('components' in body) message.components = records(body.components);
    if ('allowed_mentions' in body && isRecord(body.allowed_mentions)) {
      message.allowed_mentions = body.allowed_mentions;
    }
    if (files && files.length > 0) message.attachments = [...message.attachments, ...attachmentsOf(files)];
  }

  function create(init: Parameters<MessageStore['create']>[0]): StoredMessage {
    const flags = init.flags ?? (typeof init.body.flags === 'number' ? init.body.flags : 0);
    const message: StoredMessage = {
      id: world.snowflake(),
      channel_id: init.channelId,
      content: '',
      embeds: [],
      components: [],
      attachments: [],
      flags,
      origin: init.origin,
      ...(init.interaction ? { interactionId: init.interaction.id } : {}),
      ephemeral: (flags & EPHEMERAL) !== 0,
      loading: (flags & LOADING) !== 0,
      timestamp: world.isoNow(),
      edited_timestamp: null,
      edits: 0,
      deleted: false,
    };
    apply(message, init.body, init.files);
    if (init.interaction) interactionOf.set(message.id, init.interaction);
    messages.push(message);
    byId.set(message.id, message);
    return message;
  }

  function render(message: StoredMessage): Record<string, unknown> {
    const interaction = interactionOf.get(message.id);
    const place = world.place(message.channel_id);
    return {
      type: interaction?.type === 2 ? MESSAGE_TYPE.chatInputCommand : MESSAGE_TYPE.default,
      id: message.id,
      channel_id: message.channel_id,
      author: userObject(world.botUser),
      content: message.content,
      embeds: message.embeds,
      components: message.components,
      attachments: message.attachments,
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: message.timestamp,
      edited_timestamp: message.edited_timestamp,
      flags: message.flags,
      ...(place?.kind === 'guild' ? { guild_id: place.guild.id } : {}),
      ...(interaction
        ? {
            webhook_id: world.applicationId,
            application_id: world.applicationId,
            interaction_metadata: {
              id: interaction.id,
              type: interaction.type,
              user: interaction.user,
              authorizing_integration_owners: interaction.guildId
                ? { '0': interaction.guildId }
                : { '1': String(interaction.user.id) },
              ...(interaction.name ? { name: interaction.name, command_type: 1 } : {}),
            },
          }
        : {}),
    };
  }

  const channelMessage = (channel: string, id: string) => {
    const message = byId.get(id);
    return message && message.channel_id === channel && !message.deleted ? message : undefined;
  };

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: '/channels/:channel',
      auth: true,
      handle({ params }) {
        const place = world.place(params.channel ?? '');
        if (!place) return ERRORS.unknownChannel();
        if (place.kind === 'dm') return ok(dmChannelObject(place.channel));
        const index = place.guild.channels.indexOf(place.channel);
        return ok(channelObject(place.channel, index, place.guild.id));
      },
    },
    {
      method: 'POST',
      pattern: '/channels/:channel/messages',
      auth: true,
      handle({ params, body, request }) {
        if (!world.place(params.channel ?? '')) return ERRORS.unknownChannel();
        const errors = messageErrors(body);
        if (!errors.empty) return ERRORS.invalidFormBody(errors.tree);
        if (isEmptyMessage(body, request.files.length)) return ERRORS.emptyMessage();
        const message = create({
          channelId: params.channel ?? '',
          body,
          files: request.files,
          origin: 'channel',
        });
        return ok(render(message));
      },
    },
    {
      method: 'GET',
      pattern: '/channels/:channel/messages/:message',
      auth: true,
      handle({ params }) {
        const message = channelMessage(params.channel ?? '', params.message ?? '');
        return message ? ok(render(message)) : ERRORS.unknownMessage();
      },
    },
    {
      method: 'PATCH',
      pattern: '/channels/:channel/messages/:message',
      auth: true,
      handle({ params, body, request }) {
        if (!world.place(params.channel ?? '')) return ERRORS.unknownChannel();
        const message = channelMessage(params.channel ?? '', params.message ?? '');
        if (!message) return ERRORS.unknownMessage();
        const errors = messageErrors(body);
        if (!errors.empty) return ERRORS.invalidFormBody(errors.tree);
        edit(message, body, request.files);
        return ok(render(message));
      },
    },
    {
      method: 'DELETE',
      pattern: '/channels/:channel/messages/:message',
      auth: true,
      handle({ params }) {
        const message = channelMessage(params.channel ?? '', params.message ?? '');
        if (!message) return ERRORS.unknownMessage();
        message.deleted = true;
        return noContent();
      },
    },
    {
      method: 'POST',
      pattern: '/channels/:channel/typing',
      auth: true,
      handle: ({ params }) => (world.place(params.channel ?? '') ? noContent() : ERRORS.unknownChannel()),
    },
    {
      method: 'POST',
      pattern: '/users/@me/channels',
      auth: true,
      handle({ body }) {
        const user = world.users.get(str(body.recipient_id) ?? '');
        return user ? ok(dmChannelObject(world.openDm(user))) : ERRORS.unknownUser();
      },
    },
    {
      method: 'GET',
      pattern: '/users/:user',
      auth: true,
      handle({ params }) {
        if (params.user === '@me' || params.user === world.botUser.id) {
          return ok({ ...userObject(world.botUser), verified: true, mfa_enabled: false });
        }
        const user = world.users.get(params.user ?? '');
        return user ? ok(userObject(user)) : ERRORS.unknownUser();
      },
    },
  ];

  function edit(message: StoredMessage, body: Record<string, unknown>, files?: RecordedFile[]) {
    // Filling a deferred reply's "thinking…" placeholder does not mark it edited.
    const filling = message.loading;
    apply(message, body, files);
    message.loading = false;
    message.flags &= ~LOADING;
    if (filling) return;
    message.edits += 1;
    message.edited_timestamp = world.isoNow();
  }

  return {
    messages,
    get: (id) => byId.get(id),
    create,
    remember(message) {
      byId.set(message.id, message);
    },
    edit,
    render,
    routes,
  };
}
