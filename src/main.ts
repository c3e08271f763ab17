// Composition root: config -> database -> bank -> grader -> services -> adapters, and the process lifecycle.
import { userInfo } from 'node:os';
import { commands } from '../commands/index.js';
import { type ConsoleAdapter, createConsoleAdapter } from './adapters/console/console-adapter.js';
import { renderReply } from './adapters/console/render.js';
import { createDiscordAdapter, type DiscordAdapter } from './adapters/discord/discord-adapter.js';
import { DiscordAdapterError } from './adapters/discord/errors.js';
import { SlackAdapterError } from './adapters/slack/errors.js';
import { createSlackAdapter, type SlackAdapter } from './adapters/slack/slack-adapter.js';
import { type Bank, createBank } from './bank/bank.js';
import { formatProblems, loadBankDir } from './bank/load.js';
import { AREAS } from './bank/types.js';
import type { Config } from './config.js';
import { type Coach, createCoach } from './core/coach.js';
import type { Logger } from './core/logger.js';
import type { PlatformAdapter } from './core/platform.js';
import { createPracticeService } from './core/practice.js';
import { progressReply } from './core/replies.js';
import type { Reply } from './core/reply.js';
import { type CommandRuntime, createCommandRuntime } from './core/runtime.js';
import { createScheduleService } from './core/schedule-service.js';
import type { ScheduleStore } from './core/schedule-store.js';
import type { CoachServices } from './core/services.js';
import { type Database, openDatabase } from './db/client.js';
import { createReviewCardStore } from './db/review-cards.js';
import { createScheduleStore } from './db/schedule-store.js';
import { createStore } from './db/store.js';
import { createGrading } from './grading/create-grading.js';
import type { Grader } from './grading/grader.js';
import { contentDir } from './paths.js';
import {
  type DailyQuestionsDeps,
  dailyQuestionsJob,
  maintenanceJob,
  tellAdminByDirectMessage,
} from './scheduler/jobs.js';
import { createScheduler } from './scheduler/scheduler.js';
import { createSendQueue, type PostTarget, type Send } from './scheduler/send-queue.js';

export interface App {
  database: Database;
  bank: Bank;
  coach: Coach;
  runtime: CommandRuntime;
  schedules: ScheduleStore;
  /** Waits for grading in flight, then closes the database. */
  close(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  logger: Logger;
  /** An already-open database (tests); otherwise the one `config` names is opened and migrated. */
  database?: Database;
  bank?: Bank;
  /** Replaces the grader the config selects (tests). */
  grader?: Grader;
  now?: () => Date;
  random?: () => number;
}

/** Loads content/ and refuses to start on a bank with errors. */
export async function loadBank(dir = contentDir): Promise<Bank> {
  const { questions, problems } = await loadBankDir(dir);
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    throw new Error(
      `The question bank has ${errors.length} error(s):\n${formatProblems(errors).join('\n')}\nRun \`npm run coach -- bank check\`.`,
    );
  }
  return createBank(questions);
}

/** Assembles the bot without starting any adapter. */
export async function createApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const bank = options.bank ?? (await loadBank());
  const database = options.database ?? (await openDatabase(config.database));
  try {
    if (!options.database) await database.migrate();
    const store = createStore(database.db);
    const practice = createPracticeService({
      store,
      cards: createReviewCardStore(database.db),
      bank,
      ...(options.now ? { now: options.now } : {}),
    });
    const coach = createCoach({
      store,
      onGraded: practice.record,
      bank,
      grader: options.grader ?? createGrading({ questions: bank.questions, llm: config.llm, logger }).grader,
      logger,
      ...(options.now ? { now: options.now } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
    const schedules = createScheduleStore(database.db);
    const schedule = createScheduleService({
      store,
      schedules,
      bank,
      ...(options.now ? { now: options.now } : {}),
    });
    const services: CoachServices = {
      coach,
      practice,
      schedule,
      commands,
      llmEndpoint: config.llm ? new URL(config.llm.baseUrl ?? 'https://api.openai.com/v1').host : null,
    };
    const runtime = createCommandRuntime({
      commands,
      services,
      logger,
      notices: (invocation) => schedule.untoldPauses(invocation),
    });
    return {
      database,
      bank,
      coach,
      runtime,
      schedules,
      async close() {
        await coach.drain();
        if (!options.database) await database.close();
      },
    };
  } catch (error) {
    if (!options.database) await database.close();
    throw error;
  }
}

export interface RunOptions {
  config: Config;
  logger: Logger;
  /** Run the console even when Slack or Discord is configured (`coach start --console`). */
  console: boolean;
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

function consoleUser(): { id: string; name: string; timezone: string } {
  let name = process.env.USER?.trim();
  if (!name) {
    try {
      name = userInfo().username;
    } catch {
      name = undefined;
    }
  }
  const timezone = process.env.TZ?.trim() || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return { id: name || 'you', name: name || 'you', timezone };
}

function banner(config: Config, bank: Bank): string {
  const where =
    config.database.kind === 'pglite' ? `embedded database in ${config.database.dataDir}` : 'Postgres';
  const grader = config.llm ? `LLM grader (${config.llm.model})` : 'offline grader';
  return [
    `interview-coach: AI/ML interview practice (${bank.questions.length} questions, ${grader}, ${where}).`,
    'Type `question` (or `question rag 2`) for a question, `answer <your answer>` to answer it,',
    '`streak`, `leaderboard` or `history` to see how you are doing, and `help` for everything.',
    '',
  ].join('\n');
}

/**
 * Runs the bot until input ends (console) or a signal arrives: grades answers left pending by a crash,
 * starts the adapters, and on SIGTERM/SIGINT stops taking input and finishes grading in flight.
 */
export async function runBot(options: RunOptions): Promise<void> {
  const { config, logger } = options;
  const app = await createApp({ config, logger });
  const recovered = await app.coach.gradePending();
  if (recovered > 0) logger.info({ recovered }, 'graded answers left pending by an earlier run');

  const adapters: PlatformAdapter[] = [];
  const slack = config.slack ? slackAdapterFor(app, config, logger) : undefined;
  const discord = config.discord ? discordAdapterFor(app, config, logger) : undefined;
  if (slack) adapters.push(slack);
  if (discord) adapters.push(discord);
  // The console runs when no chat platform is configured, or alongside them with `coach start --console`.
  const consoleAdapter: ConsoleAdapter | undefined =
    adapters.length === 0 || options.console
      ? createConsoleAdapter({
          runtime: app.runtime,
          input: options.input,
          output: options.output,
          user: consoleUser(),
          interactive: options.input.isTTY === true,
        })
      : undefined;
  if (consoleAdapter) {
    adapters.push(consoleAdapter);
    options.output.write(`${banner(config, app.bank)}\n`);
  }

  // One queue for every post and direct message, so the platforms' limits hold across ticks.
  const queue = createSendQueue({
    send: sendVia({ slack, discord, output: consoleAdapter ? options.output : undefined }),
    logger,
    isPermanent,
  });
  const scheduler = createScheduler({
    logger,
    jobs: [
      {
        name: 'maintenance',
        cron: '17 3 * * *',
        runAtStart: true,
        run: () => maintenanceJob({ purgeRemovedTenants: () => app.coach.purgeRemovedTenants(), logger }),
      },
      {
        // Every minute: post the daily questions that are due (catching up the same local day at start).
        name: 'daily-questions',
        cron: '* * * * *',
        runAtStart: true,
        run: async () => {
          await dailyQuestionsJob(dailyQuestionsDeps(app, queue.push, logger), new Date());
        },
      },
    ],
  });

  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      logger.info({ reason }, 'shutting down');
      await scheduler.stop();
      await queue.idle();
      for (const adapter of adapters) await adapter.stop();
      await app.close();
    })();
    return stopping;
  };
  const stopped = new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      void shutdown(signal).then(() => {
        resolve();
        process.exit(0);
      });
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });

  try {
    await scheduler.start();
    for (const adapter of adapters) await adapter.start();
  } catch (error) {
    await shutdown('start-up failed');
    throw error;
  }
  if (consoleAdapter && adapters.length === 1) {
    await consoleAdapter.done;
    await shutdown('end of input');
    return;
  }
  await stopped;
}

/** The bank's areas, for topic autocomplete. */
export const topicsOf = (bank: Bank) =>
  AREAS.filter((area) => bank.questions.some((q) => q.area === area.slug)).map(({ slug, title }) => ({
    slug,
    title,
  }));

function discordAdapterFor(app: App, config: Config, logger: Logger): DiscordAdapter {
  const discord = config.discord as NonNullable<Config['discord']>;
  return createDiscordAdapter({
    runtime: app.runtime,
    logger,
    token: discord.token,
    appId: discord.appId,
    ...(discord.apiUrl ? { apiUrl: discord.apiUrl } : {}),
    registerOnStart: discord.registerOnStart,
    services: discordServices(app),
  });
}

/** What the Discord adapter asks of the app: questions for buttons, topics for autocomplete, guild removal. */
export function discordServices(app: App, now: () => Date = () => new Date()): DiscordServices {
  return {
    question: (id) => app.bank.byId(id),
    topics: topicsOf(app.bank),
    guildRemoved: (guildId) => app.coach.setTenantRemoved('discord', guildId, now()),
  };
}

/** What the Slack adapter asks of the app: questions, the Home tab, the thread tally, workspace removal. */
export function slackServices(app: App, now: () => Date = () => new Date()): SlackServices {
  return {
    question: (id) => app.bank.byId(id),
    progress: async (invocation) => progressReply(await app.coach.progress(invocation)),
    workspaceRemoved: (teamId) => app.coach.setTenantRemoved('slack', teamId, now()),
    answerers: (invocation, questionId, since) => app.coach.answerers(invocation, questionId, since),
  };
}

/** What the every-minute job needs from the app: posts, pause notices and nudges all go through `send`. */
export function dailyQuestionsDeps(app: App, send: Send, logger: Logger): DailyQuestionsDeps {
  return {
    schedules: app.schedules,
    bank: app.bank,
    logger,
    send,
    isPermanent,
    onPaused: tellAdminByDirectMessage({ schedules: app.schedules, send, logger }),
    streakToKeep: (memberId, channelId) => app.coach.streakToKeep(memberId, channelId),
  };
}

type SlackServices = Parameters<typeof createSlackAdapter>[0]['services'];
type DiscordServices = Parameters<typeof createDiscordAdapter>[0]['services'];

/** Routes a daily post to the platform it belongs to; a platform that is not running cannot take it. */
export function sendVia(senders: {
  slack?: SlackAdapter | undefined;
  discord?: DiscordAdapter | undefined;
  output?: NodeJS.WritableStream | undefined;
}): Send {
  return async (target, reply) => {
    if (target.userId !== undefined) return sendDirect(senders, target.platform, target.userId, reply);
    if (target.platform === 'slack' && senders.slack) {
      return { ref: (await senders.slack.postMessage(target.channelId, reply)).ts };
    }
    if (target.platform === 'discord' && senders.discord) {
      return { ref: (await senders.discord.postMessage(target.channelId, reply)).id };
    }
    if (target.platform === 'console' && senders.output) {
      senders.output.write(`${renderReply(reply, { color: false })}\n\n`);
      return { ref: `console:${Date.now()}` };
    }
    throw new Error(`${target.platform} is not running here; the post waits for it`);
  };
}

async function sendDirect(
  senders: Parameters<typeof sendVia>[0],
  platform: PostTarget['platform'],
  userId: string,
  reply: Reply,
): Promise<{ ref: string }> {
  if (platform === 'slack' && senders.slack) {
    return { ref: (await senders.slack.sendDirect(userId, reply)).ts };
  }
  if (platform === 'discord' && senders.discord) {
    return { ref: (await senders.discord.sendDirect(userId, reply)).id };
  }
  if (platform === 'console' && senders.output) {
    senders.output.write(`(to ${userId}) ${renderReply(reply, { color: false })}\n\n`);
    return { ref: `console:${Date.now()}` };
  }
  throw new Error(`${platform} is not running here; the message waits for it`);
}

/** Slack and Discord refusals that retrying will not fix: the schedule pauses and says why. */
export const isPermanent = (error: unknown): boolean =>
  (error instanceof SlackAdapterError || error instanceof DiscordAdapterError) &&
  (error.kind === 'channel' || error.kind === 'auth');

function slackAdapterFor(app: App, config: Config, logger: Logger): SlackAdapter {
  const slack = config.slack as NonNullable<Config['slack']>;
  return createSlackAdapter({
    runtime: app.runtime,
    logger,
    botToken: slack.botToken,
    ...(slack.appToken ? { appToken: slack.appToken } : {}),
    ...(slack.signingSecret ? { signingSecret: slack.signingSecret } : {}),
    ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
    port: config.port,
    services: slackServices(app),
  });
}
