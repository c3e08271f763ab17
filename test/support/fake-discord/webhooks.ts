// Interaction webhooks: @original and follow-ups, for 15 minutes after the interaction, once it is acknowledged.
import type { Interactions, IssuedInteraction } from './interactions.js';
import { isEmptyMessage, messageErrors } from './limits.js';
import type { MessageStore } from './messages.js';
import { userObject } from './objects.js';
import type { Route, RouteContext } from './router.js';
import type { StoredMessage } from './types.js';
import { type Answer, ERRORS, noContent, ok } from './wire.js';
import type { World } from './world.js';

/** Interaction tokens stay valid for edits and follow-ups this long. */
const TOKEN_LIFETIME_MS = 15 * 60_000;

/** The webhook routes an interaction token opens (no bot token: discord.js sends them with `auth: false`). */
export function createWebhookRoutes(world: World, store: MessageStore, interactions: Interactions): Route[] {
  const followUps = new Map<string, string[]>();

  function access({ params, at }: RouteContext): IssuedInteraction | Answer {
    if (params.app !== world.applicationId) return ERRORS.unknownWebhook();
    const interaction = interactions.byToken(params.token ?? '');
    if (!interaction || at - interaction.issuedAt >= TOKEN_LIFETIME_MS) return ERRORS.invalidWebhookToken();
    // Before the first callback there is no webhook message to edit or follow up.
    if (!interaction.acknowledged) return ERRORS.unknownWebhook();
    return interaction;
  }

  /** `@original` or a follow-up of this interaction, if it exists. */
  function messageOf(interaction: IssuedInteraction, id: string): StoredMessage | undefined {
    const mine = id === '@original' ? interaction.originalId : id;
    const own = mine === interaction.originalId || (followUps.get(interaction.id) ?? []).includes(mine ?? '');
    const message = mine && own ? store.get(mine) : undefined;
    return message && !message.deleted ? message : undefined;
  }

  const withMessage =
    (then: (message: StoredMessage, context: RouteContext) => Answer) =>
    (context: RouteContext): Answer => {
      const interaction = access(context);
      if (!('token' in interaction)) return interaction;
      const message = messageOf(interaction, context.params.message ?? '');
      return message ? then(message, context) : ERRORS.unknownMessage();
    };

  return [
    {
      method: 'POST',
      pattern: '/webhooks/:app/:token',
      auth: false,
      handle(context) {
        const interaction = access(context);
        if (!('token' in interaction)) return interaction;
        const { body, request } = context;
        const errors = messageErrors(body);
        if (!errors.empty) return ERRORS.invalidFormBody(errors.tree);
        if (isEmptyMessage(body, request.files.length)) return ERRORS.emptyMessage();
        const original = interaction.originalId ? store.get(interaction.originalId) : undefined;
        let message: StoredMessage;
        if (interaction.callbackType === 5 && original?.loading) {
          // The first follow-up after a deferred reply fills the "thinking…" message (keeping its ephemerality).
          store.edit(original, body, request.files);
          message = original;
        } else {
          message = store.create({
            channelId: interaction.actor.channelId,
            body,
            files: request.files,
            origin: 'followup',
            interaction: {
              id: interaction.id,
              type: interaction.type,
              user: userObject(interaction.actor.user),
              ...(interaction.actor.guild ? { guildId: interaction.actor.guild.id } : {}),
            },
          });
          followUps.set(interaction.id, [...(followUps.get(interaction.id) ?? []), message.id]);
        }
        return request.query.wait === 'true' ? ok(store.render(message)) : noContent();
      },
    },
    {
      method: 'GET',
      pattern: '/webhooks/:app/:token/messages/:message',
      auth: false,
      handle: withMessage((message) => ok(store.render(message))),
    },
    {
      method: 'PATCH',
      pattern: '/webhooks/:app/:token/messages/:message',
      auth: false,
      handle: withMessage((message, { body, request }) => {
        const errors = messageErrors(body);
        if (!errors.empty) return ERRORS.invalidFormBody(errors.tree);
        store.edit(message, body, request.files);
        return ok(store.render(message));
      }),
    },
    {
      method: 'DELETE',
      pattern: '/webhooks/:app/:token/messages/:message',
      auth: false,
      handle: withMessage((message) => {
        message.deleted = true;
        return noContent();
      }),
    },
  ];
}
