// Runs the real `coach` CLI in a child process, the way a user or CI does.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { projectRoot } from '../../src/paths.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: nothing configured, no .env, a fixed user and zone. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'SYSTEMROOT'];
  const base = Object.fromEntries(
    keep.filter((key) => process.env[key]).map((key) => [key, process.env[key]]),
  );
  return { ...base, COACH_SKIP_DOTENV: '1', USER: 'tester', TZ: 'UTC', LOG_LEVEL: 'warn', ...extra };
}

/** Starts `coach <args>` through tsx, as `npm run coach` does. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = cliEnv()): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: projectRoot, env });
}

/** Runs `coach <args>` to completion with `input` on stdin. */
export function runCli(args: string[], input = '', env?: NodeJS.ProcessEnv): Promise<CliResult> {
  const child = spawnCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Resolves once the child's stdout contains `text`. */
export function waitForOutput(child: ChildProcessWithoutNullStreams, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk;
      if (seen.includes(text)) {
        child.stdout.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.on('close', (code) =>
      reject(new Error(`exited (${code}) before printing ${JSON.stringify(text)}:\n${seen}`)),
    );
  });
}
