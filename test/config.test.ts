import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, environmentWithDotEnv, loadConfig } from '../src/config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('loadConfig', () => {
  it('runs the console on embedded PGlite with the offline grader when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      database: { kind: 'pglite', dataDir: resolve('data') },
      slack: null,
      discord: null,
      llm: null,
      port: 3000,
      logLevel: 'warn',
    });
    expect(loadConfig({ COACH_DATA_DIR: '/tmp/coach', DATABASE_URL: '' }).database).toEqual({
      kind: 'pglite',
      dataDir: '/tmp/coach',
    });
  });

  it('reads a complete configuration', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://coach@db:5432/coach',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      DISCORD_TOKEN: 'token',
      DISCORD_APP_ID: '123456789012345678',
      DISCORD_REGISTER_ON_START: '1',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      OPENAI_MODEL: 'llama3.1',
      PORT: '8080',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      database: { kind: 'postgres', url: 'postgres://coach@db:5432/coach' },
      slack: { botToken: 'xoxb-1', appToken: 'xapp-1' },
      discord: { token: 'token', appId: '123456789012345678', registerOnStart: true },
      llm: { baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1' },
      port: 8080,
      logLevel: 'debug',
    });
  });

  it('lists every problem at once, each with how to fix it', () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'xoxb-1',
      DISCORD_TOKEN: 'token',
      OPENAI_API_KEY: 'sk-1',
      DATABASE_URL: 'mysql://nope',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
    });
    expect(problems).toEqual([
      'DATABASE_URL must be a postgres: or postgresql: URL, e.g. postgres://user:password@localhost:5432/coach',
      'PORT must be a port number between 1 and 65535',
      'LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent',
      'SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode, no public URL needed) nor SLACK_SIGNING_SECRET (HTTP mode) is: set one of them.',
      'DISCORD_TOKEN is set without DISCORD_APP_ID: copy the application id from the Developer Portal.',
      'OPENAI_API_KEY or OPENAI_BASE_URL is set without OPENAI_MODEL: name the model to grade with (e.g. gpt-4.1-mini, llama3.1).',
    ]);
  });

  it.each([
    [{ SLACK_APP_TOKEN: 'xapp-1' }, 'without SLACK_BOT_TOKEN'],
    [
      { SLACK_BOT_TOKEN: 'xapp-wrong', SLACK_SIGNING_SECRET: 's' },
      'SLACK_BOT_TOKEN must be a bot token starting with xoxb-',
    ],
    [{ DISCORD_APP_ID: '42' }, 'DISCORD_APP_ID must be the numeric application id'],
    [{ OPENAI_MODEL: 'gpt-4.1-mini' }, 'OPENAI_MODEL is set without OPENAI_API_KEY or OPENAI_BASE_URL'],
    [{ DISCORD_REGISTER_ON_START: 'maybe' }, 'DISCORD_REGISTER_ON_START must be 1 or 0'],
  ])('refuses %j', (env, message) => {
    expect(problemsOf(env).join('\n')).toContain(message);
  });

  it('says how many problems there are and where every variable is described', () => {
    expect(() => loadConfig({ PORT: '0', LOG_LEVEL: 'x' })).toThrow(
      /the configuration has 2 problems\.\n {2}- PORT .*\n {2}- LOG_LEVEL .*\nSee \.env\.example/,
    );
  });
});

describe('environmentWithDotEnv', () => {
  it('fills in .env under the real environment, which wins', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dotenv-'));
    await writeFile(
      join(dir, '.env'),
      'PORT=4000\nLOG_LEVEL=debug\n# a comment\nOPENAI_MODEL="quoted model"\n',
    );
    const env = environmentWithDotEnv({ PORT: '5000' }, dir);
    expect(env).toMatchObject({ PORT: '5000', LOG_LEVEL: 'debug', OPENAI_MODEL: 'quoted model' });
  });

  it('is skipped in tests and when there is no .env', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dotenv-'));
    await writeFile(join(dir, '.env'), 'PORT=4000\n');
    expect(environmentWithDotEnv({ COACH_SKIP_DOTENV: '1' }, dir).PORT).toBeUndefined();
    expect(environmentWithDotEnv({}, await mkdtemp(join(tmpdir(), 'no-dotenv-')))).toEqual({});
  });
});
