// Discord interaction ack latency under a burst: the real discord.js Client against the local fake Discord.
import { performance } from 'node:perf_hooks';
import { createDiscordAdapter } from '../src/adapters/discord/discord-adapter.js';
import type { Bank } from '../src/bank/bank.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/core/logger.js';
import { openDatabase } from '../src/db/client.js';
import { createApp, discordServices } from '../src/main.js';
import { createFakeDiscord } from '../test/support/fake-discord.js';
import { type AckLatency, summarize } from './slack-acks.js';

const GUILD = '1200000000000000001';
const CHANNEL = '1200000000000000002';

/** Fires `burst` interactions of each kind at once; measures dispatch to the bot's first callback. */
export async function measureDiscordAcks(bank: Bank, burst = 50): Promise<AckLatency[]> {
  const users = Array.from({ length: burst }, (_, i) => ({
    id: String(1300000000000000000n + BigInt(i)),
    username: `member${i}`,
  }));
  const fake = await createFakeDiscord({
    guilds: [{ id: GUILD, name: 'Bench', channels: [{ id: CHANNEL, name: 'coaching', type: 0 }] }],
    users,
    // The burst is the point: keep the fake's per-route limit out of the measurement.
    rateLimit: { limit: 10_000, resetAfter: 1 },
  });
  const database = await openDatabase({ kind: 'pglite-memory' });
  await database.migrate();
  const app = await createApp({ config: loadConfig({}), logger: silentLogger, database, bank });
  const discord = createDiscordAdapter({
    runtime: app.runtime,
    logger: silentLogger,
    token: fake.token,
    appId: fake.applicationId,
    apiUrl: fake.apiUrl,
    registerOnStart: true,
    services: discordServices(app),
  });
  await discord.start();
  const question = bank.questions[0];
  if (!question) throw new Error('empty bank');
  const timed = async (response: Promise<unknown>) => {
    const started = performance.now();
    await response;
    return performance.now() - started;
  };
  try {
    const commands = await Promise.all(
      users.map((user) =>
        timed(
          fake.sendCommand({
            name: 'coach',
            subcommand: 'question',
            options: { topic: question.id },
            user: user.id,
            channelId: CHANNEL,
          }).response,
        ),
      ),
    );
    // Each member opens the modal, then all submit at once.
    await Promise.all(
      users.map(
        (user) =>
          fake.clickButton(`coach:answer:${question.id}`, { user: user.id, channelId: CHANNEL }).response,
      ),
    );
    const submissions = await Promise.all(
      users.map((user, i) =>
        timed(
          fake.submitModal(`coach_answer:${question.id}`, {
            user: user.id,
            channelId: CHANNEL,
            fields: { answer: `${question.keyPoints.join(' ')} (member ${i})` },
          }).response,
        ),
      ),
    );
    await app.coach.drain();
    return [
      summarize(`/coach question, ${burst} at once`, commands),
      summarize(`answer modal submission, ${burst} at once (deferral; grading follows)`, submissions),
    ];
  } finally {
    await discord.stop();
    await app.close();
    await database.close();
    await fake.close();
  }
}
