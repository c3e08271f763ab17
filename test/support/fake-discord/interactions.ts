// Interactions: issuing them over the gateway, and the callback endpoint with its 3 s deadline and single ack.
import type { CommandStore } from './commands.js';
import {
  type Actor,
  commandData,
  firstCustomId,
  interactionPayload,
  modalSubmitComponents,
  resolveActor,
} from './interaction-payloads.js';
import { FormErrors, isEmptyMessage, messageErrors, modalErrors } from './limits.js';
import type { MessageStore } from './messages.js';
import { userObject } from './objects.js';
import type { Route } from './router.js';
import type { FakeDiscord, InteractionCallback, InteractionHandle, StoredMessage } from './types.js';
import { type Answer, ERRORS, isRecord, noContent, ok, str } from './wire.js';
import type { World } from './world.js';

/** The first response must arrive within 3 s of the interaction, or its token dies (10062). */
const RESPONSE_DEADLINE_MS = 3_000;
const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
/** Interaction types: 2 application command, 3 message component, 4 autocomplete, 5 modal submit. */
const TYPE = { command: 2, component: 3, autocomplete: 4, modalSubmit: 5 } as const;
/** Callback types each interaction type accepts (4 reply, 5 defer, 6 deferred update, 7 update, 8 choices, 9 modal, 12 activity). */
const ALLOWED_CALLBACKS: Record<number, number[]> = {
  [TYPE.command]: [4, 5, 9, 12],
  [TYPE.component]: [4, 5, 6, 7, 9, 12],
  [TYPE.autocomplete]: [8],
  [TYPE.modalSubmit]: [4, 5, 6, 7],
};

/** An interaction the fake issued, and what the bot has done with it. */
export interface IssuedInteraction {
  id: string;
  token: string;
  type: number;
  issuedAt: number;
  actor: Actor;
  commandName?: string;
  acknowledged: boolean;
  callbackType?: number;
  /** The message `@original` stands for: the reply, or a component's message. */
  originalId?: string;
  /** The message a component (or a modal opened from one) sits on. */
  componentMessageId?: string;
  responded: boolean;
  resolveResponse(callback: InteractionCallback): void;
}

/** The parts of the FakeDiscord handle interactions provide. */
export type InteractionsHandle = Pick<
  FakeDiscord,
  'sendCommand' | 'clickButton' | 'submitModal' | 'autocomplete'
>;

export interface Interactions extends InteractionsHandle {
  byToken(token: string): IssuedInteraction | undefined;
  routes: Route[];
}

export function createInteractions(
  world: World,
  store: MessageStore,
  commands: CommandStore,
  dispatch: (event: string, data: unknown) => number,
): Interactions {
  const issued = new Map<string, IssuedInteraction>();
  /** Modals the bot opened (callback type 9), latest per custom_id, with the message a button opened it from. */
  const modals = new Map<string, { modal: Record<string, unknown>; messageId?: string }>();

  function issue(
    actor: Actor,
    type: number,
    build: (id: string) => { data: Record<string, unknown>; message?: StoredMessage },
    extra: { commandName?: string } = {},
  ): InteractionHandle {
    const id = world.snowflake();
    const token = Buffer.from(`interaction:${id}:fake-token`).toString('base64url');
    const { data, message } = build(id);
    let resolveResponse: (callback: InteractionCallback) => void = () => {};
    const response = new Promise<InteractionCallback>((resolve) => {
      resolveResponse = resolve;
    });
    issued.set(id, {
      id,
      token,
      type,
      issuedAt: world.now().getTime(),
      actor,
      ...extra,
      acknowledged: false,
      ...(message ? { componentMessageId: message.id } : {}),
      responded: false,
      resolveResponse,
    });
    const payload = interactionPayload(world, actor, {
      id,
      token,
      type,
      data,
      ...(message ? { message: store.render(message) } : {}),
    });
    dispatch('INTERACTION_CREATE', payload);
    return { id, token, payload, response };
  }

  /** A message the bot is supposed to have posted earlier, holding one button. */
  function botMessageWith(customId: string, channelId: string): StoredMessage {
    const message: StoredMessage = {
      id: world.snowflake(),
      channel_id: channelId,
      content: '',
      embeds: [],
      components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: customId, label: customId }] }],
      attachments: [],
      flags: 0,
      origin: 'channel',
      ephemeral: false,
      loading: false,
      timestamp: world.isoNow(),
      edited_timestamp: null,
      edits: 0,
      deleted: false,
    };
    store.remember(message);
    return message;
  }

  /** Why Discord refuses this callback body, if it does; `data` errors sit under `data`. */
  function refusal(
    interaction: IssuedInteraction,
    callback: InteractionCallback,
    files: number,
  ): Answer | undefined {
    // Updating a message (6, 7) needs one: a component's, or the one a submitted modal was opened from.
    const allowed = (ALLOWED_CALLBACKS[interaction.type] ?? []).filter(
      (type) => interaction.componentMessageId !== undefined || (type !== 6 && type !== 7),
    );
    if (!allowed.includes(callback.type)) {
      const errors = new FormErrors();
      // The code and wording are the fake's: Discord answers 50035 on the `type` field.
      errors.add(['type'], {
        code: 'BASE_TYPE_CHOICES',
        message: `Value must be one of (${allowed.join(', ')}).`,
      });
      return ERRORS.invalidFormBody(errors.tree);
    }
    const data = callback.data ?? {};
    if (callback.type === 9) {
      const errors = modalErrors(data);
      return errors.empty ? undefined : ERRORS.invalidFormBody(errors.tree);
    }
    if (callback.type === 8) {
      const errors = new FormErrors(['data']);
      errors.maxLength(['choices'], data.choices, 25);
      return errors.empty ? undefined : ERRORS.invalidFormBody(errors.tree);
    }
    if (callback.type !== 4 && callback.type !== 7) return undefined;
    const errors = messageErrors(data, ['data']);
    if (!errors.empty) return ERRORS.invalidFormBody(errors.tree);
    return callback.type === 4 && isEmptyMessage(data, files) ? ERRORS.emptyMessage() : undefined;
  }

  /** What the callback does to the channel: a reply, a "thinking…" placeholder, an updated message. */
  function apply(
    interaction: IssuedInteraction,
    callback: InteractionCallback,
    files: Parameters<MessageStore['edit']>[2],
  ) {
    const data = callback.data ?? {};
    const meta = {
      id: interaction.id,
      type: interaction.type,
      user: userObject(interaction.actor.user),
      ...(interaction.commandName ? { name: interaction.commandName } : {}),
      ...(interaction.actor.guild ? { guildId: interaction.actor.guild.id } : {}),
    };
    const channelId = interaction.actor.channelId;
    if (callback.type === 4) {
      const message = store.create({
        channelId,
        body: data,
        files,
        origin: 'interaction',
        interaction: meta,
      });
      interaction.originalId = message.id;
    } else if (callback.type === 5) {
      const flags = ((typeof data.flags === 'number' ? data.flags : 0) & EPHEMERAL) | LOADING;
      const message = store.create({ channelId, body: {}, origin: 'interaction', interaction: meta, flags });
      interaction.originalId = message.id;
    } else if (callback.type === 6 || callback.type === 7) {
      interaction.originalId = interaction.componentMessageId;
      const message = interaction.componentMessageId ? store.get(interaction.componentMessageId) : undefined;
      if (callback.type === 7 && message) store.edit(message, data, files);
    } else if (callback.type === 9) {
      const customId = str(data.custom_id);
      const messageId = interaction.componentMessageId;
      if (customId !== undefined) modals.set(customId, { modal: data, ...(messageId ? { messageId } : {}) });
    }
  }

  const callbackRoute: Route = {
    method: 'POST',
    pattern: '/interactions/:interaction/:token/callback',
    auth: false,
    handle({ params, body, request, at }) {
      const interaction = issued.get(params.interaction ?? '');
      if (!interaction || interaction.token !== params.token) return ERRORS.unknownInteraction();
      const callback: InteractionCallback = {
        type: typeof body.type === 'number' ? body.type : 0,
        ...(isRecord(body.data) ? { data: body.data } : {}),
      };
      if (!interaction.responded) {
        interaction.responded = true;
        interaction.resolveResponse(callback);
      }
      if (interaction.acknowledged) return ERRORS.alreadyAcknowledged();
      if (at - interaction.issuedAt >= RESPONSE_DEADLINE_MS) return ERRORS.unknownInteraction();
      const refused = refusal(interaction, callback, request.files.length);
      if (refused) return refused;
      apply(interaction, callback, request.files);
      interaction.acknowledged = true;
      interaction.callbackType = callback.type;
      if (request.query.with_response !== 'true') return noContent();
      const original = interaction.originalId ? store.get(interaction.originalId) : undefined;
      return ok({
        interaction: {
          id: interaction.id,
          type: interaction.type,
          ...(original
            ? {
                response_message_id: original.id,
                response_message_loading: original.loading,
                response_message_ephemeral: original.ephemeral,
              }
            : {}),
        },
        resource: { type: callback.type, ...(original ? { message: store.render(original) } : {}) },
      });
    },
  };

  return {
    byToken: (token) => [...issued.values()].find((interaction) => interaction.token === token),
    routes: [callbackRoute],
    sendCommand(init) {
      const actor = resolveActor(world, init);
      const command = commands.find(init.name, actor.guild?.id);
      return issue(actor, TYPE.command, () => ({ data: commandData(world, command, init) }), {
        commandName: init.name,
      });
    },
    autocomplete(init) {
      const actor = resolveActor(world, init);
      const command = commands.find(init.name, actor.guild?.id);
      return issue(actor, TYPE.autocomplete, () => ({
        data: commandData(world, command, init, init.focused),
      }));
    },
    clickButton(target, init = {}) {
      const actor = resolveActor(world, {
        ...init,
        channelId: init.channelId ?? (typeof target === 'string' ? undefined : target.channel_id),
      });
      const message = typeof target === 'string' ? botMessageWith(target, actor.channelId) : target;
      const customId =
        init.customId ?? (typeof target === 'string' ? target : firstCustomId(target.components));
      if (customId === undefined)
        throw new Error(`fake Discord: message ${message.id} has no component to click`);
      const componentType = init.componentType ?? 2;
      return issue(actor, TYPE.component, () => ({
        data: {
          custom_id: customId,
          component_type: componentType,
          ...(componentType === 2 ? {} : { values: init.values ?? [] }),
        },
        message,
      }));
    },
    submitModal(customId, init) {
      const actor = resolveActor(world, init);
      const shown = modals.get(customId);
      const components = modalSubmitComponents(init.fields, shown?.modal);
      const message = shown?.messageId ? store.get(shown.messageId) : undefined;
      return issue(actor, TYPE.modalSubmit, () => ({
        data: { custom_id: customId, components },
        ...(message ? { message } : {}),
      }));
    },
  };
}
