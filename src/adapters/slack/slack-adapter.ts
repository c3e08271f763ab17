// The Slack adapter: Bolt in Socket Mode or HTTP mode; slash commands, buttons, the answer modal, the Home tab.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  App,
  type BlockAction,
  type Logger as BoltLogger,
  type ButtonAction as ButtonClick,
  LogLevel,
  SocketModeReceiver,
} from '@slack/bolt';
import type { RetryOptions, WebClient } from '@slack/web-api';
import { resultWithin } from '../../core/deadline.js';
import type { Invocation } from '../../core/invocation.js';
import type { Logger } from '../../core/logger.js';
import type { PlatformAdapter } from '../../core/platform.js';
import type { Reply } from '../../core/reply.js';
import type { CommandRuntime } from '../../core/runtime.js';
import { slackCall } from './errors.js';
import { createMemberDirectory } from './members.js';
import {
  ANSWER_CALLBACK_ID,
  answerErrors,
  answerModal,
  REPORT_BLOCK_ID,
  REPORT_CALLBACK_ID,
  readAnswerSubmission,
  readReportSubmission,
  reportModal,
} from './modal.js';
import { parseButtonAction, renderSlackMessage } from './render.js';

/** What the adapter needs besides the command runtime; the composition root wires it to the coach. */
export interface SlackServices {
  /** A question's title and text, for the answer modal. */
  question(id: string): { id: string; title: string; question: string } | undefined;
  /** The member's progress, rendered on their Home tab. */
  progress(invocation: Invocation): Promise<Reply>;
  /** The workspace uninstalled the app or revoked its tokens. */
  workspaceRemoved(teamId: string): Promise<void>;
  /** How many members answered the question in the invocation's channel since the post (no scores). */
  answerers(invocation: Invocation, questionId: string, since: Date): Promise<number>;
}

export interface SlackAdapterConfig {
  runtime: CommandRuntime;
  services: SlackServices;
  logger: Logger;
  botToken: string;
  /** Socket Mode (no public URL) when set; HTTP mode with `signingSecret` otherwise. */
  appToken?: string;
  signingSecret?: string;
  /** The Web API's base URL (a proxy, or a fake in tests). */
  apiUrl?: string;
  /** HTTP mode's port; 0 picks a free one. */
  port?: number;
  /** HTTP mode's interface (default: all). */
  host?: string;
  now?: () => Date;
  /** The Web API client's retry policy (it honours Retry-After on 429s); tests pass a fast one. */
  retryConfig?: RetryOptions;
  /** Reply through the response URL instead when a command takes longer than this to answer. */
  ackDeadlineMs?: number;
  /** Socket Mode: how long to wait for a pong, and before reconnecting after a refresh (default 5 s). */
  socketPingTimeoutMs?: number;
}

export interface SlackAdapter extends PlatformAdapter {
  /** HTTP mode: the port the server listens on, once started. */
  readonly port: number | undefined;
  /** Posts a reply to a channel (daily questions); Slack errors arrive as SlackAdapterError. */
  postMessage(channelId: string, reply: Reply, options?: { threadTs?: string }): Promise<{ ts: string }>;
  /** Sends a reply to a member in the app's direct messages (a nudge, a notice to an admin). */
  sendDirect(userId: string, reply: Reply): Promise<{ ts: string }>;
}

// Slack drops a command or an interaction not acknowledged within 3 s; leave room for the network.
const ACK_DEADLINE_MS = 2_000;
const DEFAULT_RETRY: RetryOptions = { retries: 10, factor: 1.96 };

function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.WARN;
  const fields = (args: unknown[]) => ({ slack: args.map((a) => (a instanceof Error ? a.message : a)) });
  return {
    debug: (...args) => logger.debug(fields(args), 'bolt'),
    info: (...args) => logger.info(fields(args), 'bolt'),
    warn: (...args) => logger.warn(fields(args), 'bolt'),
    error: (...args) => logger.error(fields(args), 'bolt'),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/** `question rag 2` -> command `question`, text `rag 2`; nothing -> `help`. */
export function parseCommandText(text: string): { command: string; text: string } {
  const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(text);
  if (!match) return { command: 'help', text: '' };
  return { command: (match[1] ?? 'help').toLowerCase(), text: match[2] ?? '' };
}

/**
 * Creates the Slack adapter. Every path commits before it acknowledges and acknowledges before slow
 * work (grading), which arrives afterwards as an ephemeral message.
 *
 * @example
 * const slack = createSlackAdapter({ runtime, services, logger, botToken, appToken });
 * await slack.start();
 */
export function createSlackAdapter(config: SlackAdapterConfig): SlackAdapter {
  const { runtime, services, logger } = config;
  const now = config.now ?? (() => new Date());
  const ackDeadline = config.ackDeadlineMs ?? ACK_DEADLINE_MS;
  const clientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    retryConfig: config.retryConfig ?? DEFAULT_RETRY,
  };
  const socketMode = Boolean(config.appToken);
  if (!socketMode && !config.signingSecret)
    throw new Error('Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode).');

  const log = boltLogger(logger);
  const app = new App({
    token: config.botToken,
    logger: log,
    clientOptions,
    ...(config.appToken
      ? {
          receiver: new SocketModeReceiver({
            appToken: config.appToken,
            logger: log,
            installerOptions: { clientOptions },
            ...(config.socketPingTimeoutMs ? { clientPingTimeout: config.socketPingTimeoutMs } : {}),
          }),
        }
      : {
          signingSecret: config.signingSecret,
          customRoutes: [
            {
              path: '/healthz',
              method: ['GET'],
              handler: (_req, res) => {
                res.writeHead(200, { 'Content-Type': 'application/json' });
                res.end('{"ok":true}');
              },
            },
          ],
        }),
  });
  const members = createMemberDirectory({ client: app.client, logger, now });
  let port: number | undefined;

  async function invocationOf(input: {
    teamId: string;
    channelId: string;
    userId: string;
    userName?: string;
    command: string;
    text: string;
    raw: unknown;
    deliveryKey?: string;
    questionId?: string;
  }): Promise<Invocation> {
    const member = await members.get(input.teamId, input.userId, input.userName);
    return {
      id: randomUUID(),
      platform: 'slack',
      tenantId: input.teamId,
      channelId: input.channelId,
      user: {
        id: input.userId,
        name: member.name,
        isAdmin: member.isAdmin,
        ...(member.timezone ? { timezone: member.timezone } : {}),
      },
      command: input.command,
      text: input.text,
      raw: input.raw,
      ...(input.deliveryKey ? { deliveryKey: input.deliveryKey } : {}),
      ...(input.questionId ? { questionId: input.questionId } : {}),
    };
  }

  /** Sends each follow-up (grading) as it completes. */
  async function followUps(reply: Reply, deliver: (reply: Reply) => Promise<void>): Promise<void> {
    let next = reply.followUp;
    while (next) {
      const followed = await next();
      await deliver(followed);
      next = followed.followUp;
    }
  }

  const ephemeralTo = (client: WebClient, channel: string, user: string) => async (reply: Reply) => {
    const message = renderSlackMessage(reply);
    if (reply.visibility === 'channel') {
      await slackCall('chat.postMessage', () => client.chat.postMessage({ channel, ...message }));
    } else {
      await slackCall('chat.postEphemeral', () => client.chat.postEphemeral({ channel, user, ...message }));
    }
  };

  // One tally message per daily post's thread, updated in place; updates to one thread run one at a time.
  const tallies = new Map<string, { ts?: string; queue: Promise<void> }>();

  function tally(
    client: WebClient,
    invocation: Invocation,
    questionId: string,
    postTs: string,
  ): Promise<void> {
    const key = `${invocation.channelId}:${postTs}`;
    const entry = tallies.get(key) ?? { queue: Promise.resolve() };
    tallies.set(key, entry);
    const since = new Date(Number(postTs) * 1000);
    entry.queue = entry.queue.then(async () => {
      const count = await services.answerers(invocation, questionId, since);
      const text = `${count} answered so far. Answer with the button above; results come with the next question.`;
      const channel = invocation.channelId;
      if (entry.ts) {
        const ts = entry.ts;
        await slackCall('chat.update', () => client.chat.update({ channel, ts, text }));
      } else {
        const posted = await slackCall('chat.postMessage', () =>
          client.chat.postMessage({ channel, thread_ts: postTs, text }),
        );
        if (posted.ts) entry.ts = posted.ts;
      }
    });
    return entry.queue.catch((error) =>
      logger.warn({ err: error, channel: invocation.channelId }, 'could not update the answer tally'),
    );
  }

  async function publishHome(client: WebClient, invocation: Invocation): Promise<void> {
    const { blocks } = renderSlackMessage(await services.progress(invocation));
    await slackCall('views.publish', () =>
      client.views.publish({ user_id: invocation.user.id, view: { type: 'home', blocks } }),
    );
  }

  const refreshHome = (client: WebClient, invocation: Invocation) =>
    publishHome(client, invocation).catch((error) =>
      logger.warn({ err: error, userId: invocation.user.id }, 'could not refresh the Home tab'),
    );

  app.command('/coach', async ({ command, ack, respond, client }) => {
    const { command: name, text } = parseCommandText(command.text);
    const invocation = await invocationOf({
      teamId: command.team_id,
      channelId: command.channel_id,
      userId: command.user_id,
      userName: command.user_name,
      command: name,
      text,
      raw: command,
      deliveryKey: `slack:command:${command.trigger_id}`,
    });
    const deliver = async (reply: Reply) => {
      await respond({
        response_type: reply.visibility === 'channel' ? 'in_channel' : 'ephemeral',
        replace_original: false,
        ...renderSlackMessage(reply),
      });
    };
    const work = runtime.handle(invocation);
    const reply = await resultWithin(work, ackDeadline);
    if (reply) {
      await ack({
        response_type: reply.visibility === 'channel' ? 'in_channel' : 'ephemeral',
        ...renderSlackMessage(reply),
      });
    } else {
      await ack();
      await deliver(await work);
    }
    await followUps(reply ?? (await work), deliver);
    if (name === 'answer') await refreshHome(client, invocation);
  });

  app.action<BlockAction<ButtonClick>>(/^coach:/, async ({ action, body, ack, client, respond }) => {
    await ack();
    if (action.type !== 'button') return;
    const parsed = parseButtonAction(action.action_id, action.value ?? '');
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const channelId = body.channel?.id ?? '';
    const [kind, questionId] = (parsed ?? '').split(':') as [string, string | undefined];
    const say = async (reply: Reply) => {
      await respond({
        response_type: reply.visibility === 'channel' ? 'in_channel' : 'ephemeral',
        replace_original: false,
        ...renderSlackMessage(reply),
      });
    };
    if (kind === 'answer' || kind === 'report') {
      const question = questionId ? services.question(questionId) : undefined;
      if (!question) {
        await say({
          sections: [
            {
              type: 'text',
              text: 'That question is no longer in the bank. Type `/coach question` for another.',
            },
          ],
          visibility: 'ephemeral',
        });
        return;
      }
      // The click's trigger_id expires 3 s after the click: open the modal before anything slow.
      // A click on a channel message (a daily post, not an ephemeral reply) tallies answers in its thread.
      const container = body.container as { message_ts?: string; is_ephemeral?: boolean } | undefined;
      const postTs = container?.message_ts && !container.is_ephemeral ? container.message_ts : undefined;
      const view =
        kind === 'answer'
          ? answerModal({
              ...(postTs ? { postTs } : {}),
              questionId: question.id,
              title: question.title,
              question: question.question,
              channelId,
            })
          : reportModal({ questionId: question.id, title: question.title, channelId });
      await slackCall('views.open', () => client.views.open({ trigger_id: body.trigger_id, view }));
      return;
    }
    const invocation = await invocationOf({
      teamId,
      channelId,
      userId: body.user.id,
      userName: body.user.name,
      command: kind === 'reveal' ? 'reveal' : 'next',
      text: kind === 'reveal' && questionId ? questionId : '',
      raw: body,
    });
    const reply = await runtime.handle(invocation);
    await say(reply);
    await followUps(reply, say);
  });

  app.view(ANSWER_CALLBACK_ID, async ({ ack, body, view, client }) => {
    const submission = readAnswerSubmission(view);
    if (!submission) {
      await ack();
      return;
    }
    if (!submission.text.trim()) {
      await ack(answerErrors('Write your answer before submitting.'));
      return;
    }
    const invocation = await invocationOf({
      teamId: body.team?.id ?? body.user.team_id ?? '',
      channelId: submission.channelId,
      userId: body.user.id,
      userName: body.user.name,
      command: 'answer',
      text: submission.text,
      raw: body,
      // A double-click on Submit sends the same view twice: one answer.
      deliveryKey: `slack:view:${view.id}`,
      questionId: submission.questionId,
    });
    const reply = await runtime.handle(invocation);
    await ack();
    const deliver = ephemeralTo(client, submission.channelId, body.user.id);
    await deliver(reply);
    if (submission.postTs) await tally(client, invocation, submission.questionId, submission.postTs);
    await followUps(reply, deliver);
    await refreshHome(client, invocation);
  });

  app.view(REPORT_CALLBACK_ID, async ({ ack, body, view, client }) => {
    const submission = readReportSubmission(view);
    if (!submission) {
      await ack();
      return;
    }
    if (!submission.note.trim()) {
      await ack({ response_action: 'errors', errors: { [REPORT_BLOCK_ID]: 'Tell us what is wrong first.' } });
      return;
    }
    await ack();
    const invocation = await invocationOf({
      teamId: body.team?.id ?? body.user.team_id ?? '',
      channelId: submission.channelId,
      userId: body.user.id,
      userName: body.user.name,
      command: 'report',
      text: `${submission.questionId} ${submission.note}`,
      raw: body,
    });
    await ephemeralTo(client, submission.channelId, body.user.id)(await runtime.handle(invocation));
  });

  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const invocation = await invocationOf({
      teamId: body.team_id,
      channelId: event.channel,
      userId: event.user,
      command: 'home',
      text: '',
      raw: event,
    });
    await refreshHome(client, invocation);
  });

  // Redelivered events (X-Slack-Retry-Num) are harmless here: marking a workspace removed is idempotent.
  app.event('app_uninstalled', async ({ body }) => services.workspaceRemoved(body.team_id));
  app.event('tokens_revoked', async ({ event, body }) => {
    if ((event.tokens.bot ?? []).length > 0) await services.workspaceRemoved(body.team_id);
  });

  app.error(async (error) => {
    logger.error({ err: error }, 'Slack handler failed');
  });

  return {
    name: 'slack',
    get port() {
      return port;
    },
    async start() {
      if (socketMode) {
        await app.start();
        logger.info({ mode: 'socket' }, 'Slack adapter connected');
        return;
      }
      const server = await app.start({
        port: config.port ?? 3000,
        ...(config.host ? { host: config.host } : {}),
      });
      port = (server.address() as AddressInfo | null)?.port;
      logger.info({ mode: 'http', port }, 'Slack adapter listening on /slack/events');
    },
    async stop() {
      await app.stop();
    },
    async postMessage(channelId, reply, options) {
      const message = renderSlackMessage(reply);
      const result = await slackCall('chat.postMessage', () =>
        app.client.chat.postMessage({
          channel: channelId,
          ...message,
          ...(options?.threadTs ? { thread_ts: options.threadTs } : {}),
        }),
      );
      return { ts: result.ts ?? '' };
    },
    async sendDirect(userId, reply) {
      // A user id as the channel posts in the app's Messages tab with that member (chat:write is enough).
      const result = await slackCall('chat.postMessage', () =>
        app.client.chat.postMessage({ channel: userId, ...renderSlackMessage(reply) }),
      );
      return { ts: result.ts ?? '' };
    },
  };
}
