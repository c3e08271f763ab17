import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, spawnCli } from '../support/cli.js';
import { createFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';

const GUILD = '1200000000000000001';
const CHANNEL = '1200000000000000002';
const ADA = '1200000000000000003';

describe('npm start with Discord configured (against the fake Discord)', () => {
  let fake: FakeDiscord;
  let dataDir: string;

  beforeAll(async () => {
    fake = await createFakeDiscord({
      guilds: [{ id: GUILD, name: 'Interview Prep', channels: [{ id: CHANNEL, name: 'coaching', type: 0 }] }],
      users: [{ id: ADA, username: 'ada', global_name: 'Ada' }],
    });
    dataDir = await mkdtemp(join(tmpdir(), 'coach-discord-'));
  });
  afterAll(async () => {
    await fake?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('connects, registers /coach, serves help, question, the Answer modal, feedback, streak and leaderboard', async () => {
    const child = spawnCli(
      ['start'],
      cliEnv({
        DISCORD_TOKEN: fake.token,
        DISCORD_APP_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
        DISCORD_REGISTER_ON_START: '1',
        COACH_DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
      }),
    );
    let stderr = '';
    const connected = new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (stderr.includes('Discord adapter connected')) resolve();
      });
      child.on('close', (code) => reject(new Error(`exited (${code}):\n${stderr}`)));
    });
    child.stdin.end();
    await connected;
    expect(fake.commands().map((c) => c.name)).toEqual(['coach']);

    const command = async (subcommand: string, options: Record<string, string> = {}) => {
      const response = await fake.sendCommand({
        name: 'coach',
        subcommand,
        options,
        user: ADA,
        channelId: CHANNEL,
      }).response;
      expect(response.type).toBe(4);
      return JSON.stringify(response.data);
    };
    expect(await command('help')).toContain('question');
    const question = await command('question', { topic: 'rag' });
    const questionId = /coach:answer:([a-z0-9-]+)/.exec(question)?.[1] ?? '';
    expect(questionId).not.toBe('');
    const modal = await fake.clickButton(`coach:answer:${questionId}`, { user: ADA, channelId: CHANNEL })
      .response;
    expect(modal.type).toBe(9);
    const submit = fake.submitModal(`coach_answer:${questionId}`, {
      user: ADA,
      channelId: CHANNEL,
      fields: {
        answer: 'RAG retrieves relevant chunks from an index and adds them to the prompt as context.',
      },
    });
    expect((await submit.response).type).toBe(5);
    await fake.waitFor((request) => request.method === 'PATCH' && request.path.includes(submit.token));
    const feedback = fake.messages.find((m) => m.interactionId === submit.id);
    expect(JSON.stringify(feedback?.embeds)).toMatch(/\d+\/100/);
    expect(await command('streak')).toMatch(/1 day/);
    expect(await command('leaderboard')).toContain('Ada');

    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toContain(fake.token);
  });
});
