// Configuration from the environment (and .env when present), validated with zod into one typed object.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';

const optional = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const flag = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const v = value?.trim().toLowerCase();
    if (!v) return false;
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    ctx.addIssue({ code: 'custom', message: `must be 1 or 0 (got "${value}")` });
    return z.NEVER;
  });

const url = (protocols: readonly string[], example: string) =>
  optional.refine(
    (value) => {
      if (value === undefined) return true;
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a ${protocols.join(' or ')} URL, e.g. ${example}` },
  );

const EnvSchema = z.object({
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgres://user:password@localhost:5432/coach'),
  COACH_DATA_DIR: optional,
  SLACK_BOT_TOKEN: optional.refine((v) => v === undefined || v.startsWith('xoxb-'), {
    message: 'must be a bot token starting with xoxb- (OAuth & Permissions in your Slack app)',
  }),
  SLACK_APP_TOKEN: optional.refine((v) => v === undefined || v.startsWith('xapp-'), {
    message:
      'must be an app-level token starting with xapp- (Basic Information > App-Level Tokens, scope connections:write)',
  }),
  SLACK_SIGNING_SECRET: optional,
  SLACK_API_URL: url(['http:', 'https:'], 'https://slack.com/api/'),
  DISCORD_TOKEN: optional,
  DISCORD_APP_ID: optional.refine((v) => v === undefined || /^\d{15,22}$/.test(v), {
    message: 'must be the numeric application id (Developer Portal > General Information)',
  }),
  DISCORD_API_URL: url(['http:', 'https:'], 'https://discord.com/api'),
  DISCORD_REGISTER_ON_START: flag,
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: url(['http:', 'https:'], 'http://127.0.0.1:11434/v1'),
  OPENAI_MODEL: optional,
  PORT: optional
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65_535), {
      message: 'must be a port number between 1 and 65535',
    })
    .transform((v) => (v === undefined ? undefined : Number(v))),
  LOG_LEVEL: optional.pipe(
    z
      .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], {
        message: 'must be one of trace, debug, info, warn, error, fatal, silent',
      })
      .optional(),
  ),
});

export interface Config {
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  slack: { botToken: string; appToken?: string; signingSecret?: string; apiUrl?: string } | null;
  discord: { token: string; appId: string; apiUrl?: string; registerOnStart: boolean } | null;
  llm: { apiKey?: string; baseUrl?: string; model: string } | null;
  port: number;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
}

/** Every problem with the environment at once, each with how to fix it. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `interview-coach cannot start: the configuration has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}.\n` +
        problems.map((problem) => `  - ${problem}`).join('\n') +
        '\nSee .env.example for every variable.',
    );
    this.name = 'ConfigError';
  }
}

/** Parses and cross-checks `env` into a Config; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')} ${issue.message}`);
  }
  const e = parsed.success ? parsed.data : undefined;
  const has = (name: string) => !!env[name]?.trim();

  if (has('SLACK_BOT_TOKEN') && !has('SLACK_APP_TOKEN') && !has('SLACK_SIGNING_SECRET')) {
    problems.push(
      'SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode, no public URL needed) nor SLACK_SIGNING_SECRET (HTTP mode) is: set one of them.',
    );
  }
  if (!has('SLACK_BOT_TOKEN') && (has('SLACK_APP_TOKEN') || has('SLACK_SIGNING_SECRET'))) {
    problems.push(
      'SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set without SLACK_BOT_TOKEN: set the bot token (xoxb-…) too, or unset them.',
    );
  }
  if (has('DISCORD_TOKEN') && !has('DISCORD_APP_ID')) {
    problems.push(
      'DISCORD_TOKEN is set without DISCORD_APP_ID: copy the application id from the Developer Portal.',
    );
  }
  if (!has('DISCORD_TOKEN') && has('DISCORD_APP_ID')) {
    problems.push('DISCORD_APP_ID is set without DISCORD_TOKEN: add the bot token, or unset DISCORD_APP_ID.');
  }
  const llmConfigured = has('OPENAI_API_KEY') || has('OPENAI_BASE_URL');
  if (llmConfigured && !has('OPENAI_MODEL')) {
    problems.push(
      'OPENAI_API_KEY or OPENAI_BASE_URL is set without OPENAI_MODEL: name the model to grade with (e.g. gpt-4.1-mini, llama3.1).',
    );
  }
  if (!llmConfigured && has('OPENAI_MODEL')) {
    problems.push(
      'OPENAI_MODEL is set without OPENAI_API_KEY or OPENAI_BASE_URL: say where the model is served, or unset it.',
    );
  }
  if (problems.length > 0 || !e) throw new ConfigError(problems);

  return {
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: resolve(e.COACH_DATA_DIR ?? 'data') },
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
          ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
          ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
        }
      : null,
    discord:
      e.DISCORD_TOKEN && e.DISCORD_APP_ID
        ? {
            token: e.DISCORD_TOKEN,
            appId: e.DISCORD_APP_ID,
            ...(e.DISCORD_API_URL ? { apiUrl: e.DISCORD_API_URL } : {}),
            registerOnStart: e.DISCORD_REGISTER_ON_START,
          }
        : null,
    llm:
      llmConfigured && e.OPENAI_MODEL
        ? {
            model: e.OPENAI_MODEL,
            ...(e.OPENAI_API_KEY ? { apiKey: e.OPENAI_API_KEY } : {}),
            ...(e.OPENAI_BASE_URL ? { baseUrl: e.OPENAI_BASE_URL } : {}),
          }
        : null,
    port: e.PORT ?? 3000,
    // The console shares the terminal with the logs: keep it to warnings unless asked.
    logLevel: e.LOG_LEVEL ?? (e.SLACK_BOT_TOKEN || e.DISCORD_TOKEN ? 'info' : 'warn'),
  };
}

/**
 * The process environment with `.env` (in `dir`) filled in under it: a variable set in the real
 * environment always wins. Skipped when COACH_SKIP_DOTENV is set (tests never read .env).
 */
export function environmentWithDotEnv(
  env: NodeJS.ProcessEnv = process.env,
  dir = process.cwd(),
): Record<string, string | undefined> {
  const path = resolve(dir, '.env');
  if (env.COACH_SKIP_DOTENV || !existsSync(path)) return { ...env };
  const fromFile = parseEnv(readFileSync(path, 'utf8'));
  return { ...fromFile, ...env };
}
