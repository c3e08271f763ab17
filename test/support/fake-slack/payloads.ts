// What Slack sends an app: slash command, block_actions, view_submission and event_callback payloads and bodies.
import { FAKE_SLACK_IDS } from './ids.js';
import { str } from './wire.js';

interface Actor {
  user_id?: string;
  user_name?: string;
  team_id?: string;
  api_app_id?: string;
}

export interface SlashCommandInit extends Actor {
  command: string;
  text?: string;
  /** From `fake.issueTrigger()`. */
  trigger_id: string;
  /** From `fake.issueResponseUrl()`. */
  response_url: string;
  channel_id?: string;
  channel_name?: string;
  team_domain?: string;
}

/** A slash command's fields, in Slack's order (a Socket Mode `slash_commands` payload). */
export function slashCommandPayload(init: SlashCommandInit): Record<string, string> {
  return {
    token: FAKE_SLACK_IDS.verificationToken,
    team_id: init.team_id ?? FAKE_SLACK_IDS.teamId,
    team_domain: init.team_domain ?? FAKE_SLACK_IDS.teamDomain,
    channel_id: init.channel_id ?? FAKE_SLACK_IDS.channelId,
    channel_name: init.channel_name ?? FAKE_SLACK_IDS.channelName,
    user_id: init.user_id ?? FAKE_SLACK_IDS.userId,
    user_name: init.user_name ?? FAKE_SLACK_IDS.userName,
    command: init.command,
    text: init.text ?? '',
    api_app_id: init.api_app_id ?? FAKE_SLACK_IDS.appId,
    is_enterprise_install: 'false',
    response_url: init.response_url,
    trigger_id: init.trigger_id,
  };
}

/** A slash command as the form-encoded body Slack POSTs (`Content-Type: application/x-www-form-urlencoded`). */
export function slashCommandBody(init: SlashCommandInit): string {
  return new URLSearchParams(slashCommandPayload(init)).toString();
}

/** An interaction payload as Slack POSTs it over HTTP: the form field `payload=<json>`. */
export function interactionBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

const actorFields = (init: Actor) => ({
  user: {
    id: init.user_id ?? FAKE_SLACK_IDS.userId,
    username: init.user_name ?? FAKE_SLACK_IDS.userName,
    name: init.user_name ?? FAKE_SLACK_IDS.userName,
    team_id: init.team_id ?? FAKE_SLACK_IDS.teamId,
  },
  api_app_id: init.api_app_id ?? FAKE_SLACK_IDS.appId,
  token: FAKE_SLACK_IDS.verificationToken,
  team: { id: init.team_id ?? FAKE_SLACK_IDS.teamId, domain: FAKE_SLACK_IDS.teamDomain },
  enterprise: null,
  is_enterprise_install: false,
});

export interface BlockActionInit extends Actor {
  action_id: string;
  value?: string;
  block_id?: string;
  trigger_id: string;
  /** A button in an open modal; without it the button is in a message. */
  view_id?: string;
  channel_id?: string;
  message_ts?: string;
  /** The clicked message is an ephemeral reply (only the clicker saw it) rather than a channel message. */
  ephemeral?: boolean;
  /** Message buttons only; from `fake.issueResponseUrl()`. */
  response_url?: string;
}

/** A `block_actions` payload for one button click. */
export function blockActionsPayload(init: BlockActionInit): Record<string, unknown> {
  const channel = init.channel_id ?? FAKE_SLACK_IDS.channelId;
  const messageTs = init.message_ts ?? '1700000000.000100';
  const where =
    init.view_id !== undefined
      ? { container: { type: 'view', view_id: init.view_id }, view: { id: init.view_id, type: 'modal' } }
      : {
          container: {
            type: 'message',
            message_ts: messageTs,
            channel_id: channel,
            is_ephemeral: init.ephemeral ?? false,
          },
          channel: { id: channel, name: FAKE_SLACK_IDS.channelName },
          message: { type: 'message', user: FAKE_SLACK_IDS.botUserId, ts: messageTs, text: '' },
          ...(init.response_url !== undefined ? { response_url: init.response_url } : {}),
        };
  return {
    type: 'block_actions',
    ...actorFields(init),
    trigger_id: init.trigger_id,
    ...where,
    state: { values: {} },
    actions: [
      {
        type: 'button',
        action_id: init.action_id,
        block_id: init.block_id ?? 'fake-block',
        text: { type: 'plain_text', text: init.action_id, emoji: true },
        ...(init.value !== undefined ? { value: init.value } : {}),
        action_ts: '1700000000.000200',
      },
    ],
  };
}

/** One input's state; a bare string stands for `{ type: 'plain_text_input', value }`. */
export type StateValue = string | ({ type: string } & Record<string, unknown>);

export interface ViewSubmissionInit extends Actor {
  trigger_id: string;
  /** `state.values`: block_id → action_id → value. */
  values: Record<string, Record<string, StateValue>>;
  /** The view the app opened (e.g. `fake.views[0]`), to submit its id, callback_id and metadata. */
  view?: Record<string, unknown>;
  callback_id?: string;
  private_metadata?: string;
}

/** A `view_submission` payload with `view.state.values` filled in. */
export function viewSubmissionPayload(init: ViewSubmissionInit): Record<string, unknown> {
  const values = Object.fromEntries(
    Object.entries(init.values).map(([blockId, actions]) => [
      blockId,
      Object.fromEntries(
        Object.entries(actions).map(([actionId, value]) => [
          actionId,
          typeof value === 'string' ? { type: 'plain_text_input', value } : value,
        ]),
      ),
    ]),
  );
  const id = str(init.view?.id) ?? 'V0FAKEVIEW';
  return {
    type: 'view_submission',
    ...actorFields(init),
    trigger_id: init.trigger_id,
    view: {
      id,
      team_id: init.team_id ?? FAKE_SLACK_IDS.teamId,
      type: 'modal',
      blocks: [],
      private_metadata: '',
      callback_id: '',
      hash: '1700000000.1',
      title: { type: 'plain_text', text: 'Modal', emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: null,
      previous_view_id: null,
      root_view_id: id,
      app_id: init.api_app_id ?? FAKE_SLACK_IDS.appId,
      external_id: '',
      app_installed_team_id: init.team_id ?? FAKE_SLACK_IDS.teamId,
      bot_id: FAKE_SLACK_IDS.botId,
      ...init.view,
      ...(init.callback_id !== undefined ? { callback_id: init.callback_id } : {}),
      ...(init.private_metadata !== undefined ? { private_metadata: init.private_metadata } : {}),
      state: { values },
    },
    response_urls: [],
  };
}

export interface EventCallbackInit {
  team_id?: string;
  api_app_id?: string;
  /** Slack's id for the delivery; retries of one event keep it. */
  event_id?: string;
  /** Unix seconds. */
  event_time?: number;
}

/**
 * An Events API `event_callback` wrapping `event` (the body of an HTTP delivery, the payload of an
 * `events_api` envelope).
 * @example
 * eventCallback({ type: 'app_uninstalled' });
 * eventCallback({ type: 'tokens_revoked', tokens: { oauth: ['U0FAKEUSER'], bot: ['U0FAKEBOT'] } });
 */
export function eventCallback(
  event: { type: string } & Record<string, unknown>,
  init: EventCallbackInit = {},
): Record<string, unknown> {
  const teamId = init.team_id ?? FAKE_SLACK_IDS.teamId;
  const eventTime = init.event_time ?? 1_700_000_000;
  return {
    token: FAKE_SLACK_IDS.verificationToken,
    team_id: teamId,
    api_app_id: init.api_app_id ?? FAKE_SLACK_IDS.appId,
    event: { event_ts: `${eventTime}.000100`, ...event },
    type: 'event_callback',
    event_id: init.event_id ?? 'Ev0FAKE0001',
    event_time: eventTime,
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: FAKE_SLACK_IDS.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}
