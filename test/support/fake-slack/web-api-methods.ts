// What each Web API method the bot uses does to the fake workspace, and what it answers.
import { homeProblems, messageProblem, modalProblems } from './block-kit.js';
import type { FakeSlackChannel, FakeSlackUser, SlackArgs, StoredMessage, StoredView } from './types.js';
import { fail, isRecord, ok, type Reply, str } from './wire.js';
import type { Workspace } from './workspace.js';

const TRIGGER_LIFETIME_MS = 3_000;

/** The workspace state the methods read and change. */
export interface WebApiState {
  users: Map<string, FakeSlackUser>;
  channels: Map<string, FakeSlackChannel>;
  messages: StoredMessage[];
  views: StoredView[];
  homeViews: Map<string, StoredView>;
  /** Issued trigger_ids, by id. */
  triggers: Map<string, { issuedAt: number; used: boolean }>;
}

export type MethodHandler = (args: SlackArgs) => Reply;

/**
 * The Web API method table. `connectionUrl` issues a Socket Mode URL; without it apps.connections.open
 * refuses, as for an app with Socket Mode off.
 */
export function createWebApiMethods(
  workspace: Workspace,
  state: WebApiState,
  connectionUrl: (() => string) | undefined,
): Map<string, MethodHandler> {
  const { ids, next, nextTs, now } = workspace;
  const { users, channels, messages, views, homeViews, triggers } = state;

  const shown = ({ ts, text, blocks, thread_ts }: StoredMessage) => ({
    type: 'message',
    user: ids.botUserId,
    bot_id: ids.botId,
    ts,
    ...messageContent({ text, blocks, thread_ts }),
  });

  function exchangeTrigger(triggerId: string | undefined): string | undefined {
    const trigger = triggerId === undefined ? undefined : triggers.get(triggerId);
    if (!trigger) return 'invalid_trigger_id';
    // Slack documents `exchanged_trigger_id` for a second use and `expired_trigger_id` after 3 s.
    if (trigger.used) return 'exchanged_trigger_id';
    if (now().getTime() - trigger.issuedAt >= TRIGGER_LIFETIME_MS) return 'expired_trigger_id';
    trigger.used = true;
    return undefined;
  }

  function storeView(definition: Record<string, unknown>, id: string): StoredView {
    return {
      team_id: ids.teamId,
      private_metadata: '',
      callback_id: '',
      external_id: '',
      state: { values: {} },
      clear_on_close: false,
      notify_on_close: false,
      previous_view_id: null,
      root_view_id: id,
      app_id: ids.appId,
      bot_id: ids.botId,
      ...definition,
      id,
      hash: `${workspace.seconds()}.${next()}`,
    };
  }

  const invalid = (messages: string[]) => fail('invalid_arguments', { response_metadata: { messages } });

  return new Map<string, MethodHandler>([
    [
      'auth.test',
      () =>
        ok({
          url: `https://${ids.teamDomain}.slack.com/`,
          team: ids.teamDomain,
          user: 'fake-bot',
          team_id: ids.teamId,
          user_id: ids.botUserId,
          bot_id: ids.botId,
          is_enterprise_install: false,
        }),
    ],
    [
      'apps.connections.open',
      // The fake's own code: a socket URL only exists for apps with Socket Mode on.
      () => (connectionUrl ? ok({ url: connectionUrl() }) : fail('socket_mode_disabled')),
    ],
    [
      'chat.postMessage',
      (args) => {
        const channel = str(args.channel);
        if (!channel) return fail('channel_not_found');
        const problem = messageProblem(args);
        if (problem) return fail(problem);
        const message = { channel, ts: nextTs(), ...messageContent(args), updates: 0 };
        messages.push(message);
        return ok({ channel, ts: message.ts, message: shown(message) });
      },
    ],
    [
      'chat.postEphemeral',
      (args) => {
        const channel = str(args.channel);
        const user = str(args.user);
        if (!channel) return fail('channel_not_found');
        if (!user) return fail('user_not_found');
        const problem = messageProblem(args);
        if (problem) return fail(problem);
        const ts = nextTs();
        messages.push({ channel, ts, ...messageContent(args), ephemeralTo: user, updates: 0 });
        return ok({ message_ts: ts });
      },
    ],
    [
      'chat.update',
      (args) => {
        const message = messages.find(
          (m) => m.channel === args.channel && m.ts === args.ts && m.ephemeralTo === undefined,
        );
        if (!message) return fail('message_not_found');
        Object.assign(message, messageContent(args), { updates: message.updates + 1 });
        return ok({
          channel: message.channel,
          ts: message.ts,
          text: message.text ?? '',
          message: shown(message),
        });
      },
    ],
    [
      'views.open',
      (args) => {
        const triggerError = exchangeTrigger(str(args.trigger_id));
        if (triggerError) return fail(triggerError);
        const definition = args.view;
        if (!isRecord(definition)) return fail('invalid_arguments');
        const problems = modalProblems(definition);
        if (problems.length > 0) return invalid(problems);
        const external = str(definition.external_id);
        if (external && views.some((view) => view.external_id === external)) {
          return fail('duplicate_external_id');
        }
        const view = storeView(definition, `V0FAKE${next()}`);
        views.push(view);
        return ok({ view });
      },
    ],
    [
      'views.update',
      (args) => {
        const index = views.findIndex((view) =>
          args.view_id
            ? view.id === args.view_id
            : !!args.external_id && view.external_id === args.external_id,
        );
        const current = views[index];
        if (!current) return fail('not_found');
        if (args.hash !== undefined && args.hash !== current.hash) return fail('hash_conflict');
        const definition = args.view;
        if (!isRecord(definition)) return fail('invalid_arguments');
        const problems = modalProblems(definition);
        if (problems.length > 0) return invalid(problems);
        const view = storeView({ ...current, ...definition }, current.id);
        views[index] = view;
        return ok({ view });
      },
    ],
    [
      'views.publish',
      (args) => {
        const userId = str(args.user_id);
        if (!userId) return invalid(['[ERROR] missing required field: user_id']);
        const definition = args.view;
        if (!isRecord(definition)) return invalid(['[ERROR] missing required field: view']);
        const problems = homeProblems(definition);
        if (problems.length > 0) return invalid(problems);
        const current = homeViews.get(userId);
        if (current && args.hash !== undefined && args.hash !== current.hash) return fail('hash_conflict');
        // A publish replaces the user's whole Home tab; the view keeps its id.
        const view = storeView(
          { close: null, submit: null, ...definition },
          current?.id ?? `V0FAKE${next()}`,
        );
        homeViews.set(userId, view);
        return ok({ view });
      },
    ],
    [
      'users.info',
      (args) => {
        const user = users.get(str(args.user) ?? '');
        return user ? ok({ user: userObject(user, ids.teamId) }) : fail('user_not_found');
      },
    ],
    [
      'conversations.info',
      (args) => {
        const channel = channels.get(str(args.channel) ?? '');
        if (!channel) return fail('channel_not_found');
        const isIm = channel.is_im ?? false;
        const isPrivate = channel.is_private ?? false;
        return ok({
          channel: {
            id: channel.id,
            name: channel.name,
            is_channel: !isIm && !isPrivate,
            is_group: false,
            is_im: isIm,
            is_private: isPrivate,
            is_archived: false,
            is_member: channel.is_member ?? true,
            context_team_id: ids.teamId,
          },
        });
      },
    ],
  ]);
}

function messageContent(args: SlackArgs): Pick<StoredMessage, 'text' | 'blocks' | 'thread_ts'> {
  return {
    ...(args.text !== undefined ? { text: String(args.text) } : {}),
    ...(args.blocks !== undefined ? { blocks: args.blocks } : {}),
    ...(args.thread_ts !== undefined ? { thread_ts: String(args.thread_ts) } : {}),
  };
}

function userObject(user: FakeSlackUser, teamId: string) {
  const realName = user.real_name ?? user.name;
  const displayName = user.display_name ?? '';
  return {
    id: user.id,
    team_id: teamId,
    name: user.name,
    deleted: false,
    real_name: realName,
    tz: user.tz ?? 'UTC',
    tz_label: user.tz ?? 'Coordinated Universal Time',
    tz_offset: user.tz_offset ?? 0,
    is_admin: user.is_admin ?? false,
    is_owner: user.is_owner ?? false,
    is_bot: false,
    profile: {
      real_name: realName,
      real_name_normalized: realName,
      display_name: displayName,
      display_name_normalized: displayName,
    },
  };
}
