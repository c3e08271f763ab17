// The coach app behind the real Discord adapter (discord.js over the gateway) against the fake Discord.

import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/discord-adapter.js';
import type { Bank } from '../../src/bank/bank.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Grader } from '../../src/grading/grader.js';
import { type App, discordServices } from '../../src/main.js';
import { startTestApp } from './app.js';
import type { TestClock } from './clock.js';
import type { TestDatabase, TestDatabaseKind } from './db.js';
import {
  createFakeDiscord,
  type FakeDiscord,
  type InteractionCallback,
  type InteractionHandle,
} from './fake-discord.js';

/** The guild, its channel and its two members. */
export const DISCORD_TEST_IDS = {
  guild: '1200000000000000001',
  channel: '1200000000000000002',
  ada: '1200000000000000003',
  grace: '1200000000000000004',
} as const;

export interface DiscordAppOptions {
  clock: TestClock;
  grader: Grader;
  kind?: TestDatabaseKind;
  bank?: Bank;
  /** Seeds the app's random source (question picks). */
  seed?: number;
}

export interface DiscordApp {
  testDb: TestDatabase;
  app: App;
  fake: FakeDiscord;
  discord: DiscordAdapter;
  /** `/coach <subcommand>` with its options, by `user` (default Ada) in the channel; resolves with the first callback. */
  run(
    subcommand: string,
    options?: Record<string, string | number>,
    user?: string,
  ): Promise<{ handle: InteractionHandle; response: InteractionCallback }>;
  /** Stops the client, the app and the fake, and drops the database. */
  stop(): Promise<void>;
}

/** Starts a fresh database, the fake Discord, the coach app on the test clock, and the Discord adapter. */
export async function startDiscordApp(options: DiscordAppOptions): Promise<DiscordApp> {
  const { clock } = options;
  const { guild, channel, ada, grace } = DISCORD_TEST_IDS;
  const fake = await createFakeDiscord({
    now: clock.now,
    guilds: [{ id: guild, name: 'Interview Prep', channels: [{ id: channel, name: 'coaching', type: 0 }] }],
    users: [
      { id: ada, username: 'ada', global_name: 'Ada' },
      { id: grace, username: 'grace', global_name: 'Grace' },
    ],
  });
  const started = await startTestApp({ ...options, kind: options.kind ?? 'pglite', seed: options.seed ?? 5 });
  const { testDb, app } = started;
  const discord = createDiscordAdapter({
    runtime: app.runtime,
    logger: silentLogger,
    token: fake.token,
    appId: fake.applicationId,
    apiUrl: fake.apiUrl,
    registerOnStart: true,
    services: discordServices(app, clock.now),
  });
  await discord.start();
  return {
    testDb,
    app,
    fake,
    discord,
    async run(subcommand, commandOptions = {}, user = ada) {
      const handle = fake.sendCommand({
        name: 'coach',
        subcommand,
        options: commandOptions,
        user,
        channelId: channel,
      });
      return { handle, response: await handle.response };
    },
    async stop() {
      await discord.stop();
      await started.stop();
      await fake.close();
    },
  };
}
