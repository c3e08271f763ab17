import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, spawnCli, waitForOutput } from '../support/cli.js';

const BANNER = 'Type `question` (or `question rag 2`) for a question';

describe('coach start (console on embedded PGlite)', () => {
  it('runs a scripted session: question, answer, streak, leaderboard, history', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'coach-e2e-'));
    const script = [
      '/coach question tokenization-stemming-lemmatization',
      'answer Tokenization splits raw text into units such as words, subwords or characters. \\',
      'Stemming strips suffixes with heuristic rules, so the output need not be a real word: studies becomes studi.',
      'streak',
      '/coach leaderboard',
      'history',
    ].join('\n');
    const { code, stdout, stderr } = await runCli(
      ['start'],
      `${script}\n`,
      cliEnv({ COACH_DATA_DIR: dataDir }),
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(BANNER);
    expect(stdout).toContain('== Tokenization, stemming and lemmatization ==');
    expect(stdout).toMatch(/Score: \d+\/100 \((correct|partial|incorrect)\)/);
    expect(stdout).toMatch(/Covered \([1-5]\/\d\)/);
    expect(stdout).toMatch(/Missed \([1-5]\/\d\)/);
    expect(stdout).toContain('Your streak: 1 day (longest 1 day).');
    expect(stdout).toMatch(/1\. tester: \d+ pts \(1 answer\) {2}← you/);
    expect(stdout).toMatch(/Tokenization, stemming and lemmatization \(\d{4}-\d\d-\d\d\): \d+\/100/);

    // The data survives a restart: the streak is still there.
    const again = await runCli(['start'], 'streak\n', cliEnv({ COACH_DATA_DIR: dataDir }));
    expect(again.stdout).toContain('Your streak: 1 day (longest 1 day).');
  });

  it('refuses a second process on the same data folder at once, with a clear message', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'coach-lock-'));
    const first = spawnCli(['start'], cliEnv({ COACH_DATA_DIR: dataDir }));
    await waitForOutput(first, BANNER);
    const second = await runCli(['db', 'migrate'], '', cliEnv({ COACH_DATA_DIR: dataDir }));
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/is in use by another interview-coach process \(pid \d+\)/);
    // SIGTERM: the first stops taking input, finishes, releases the folder and exits cleanly.
    const exited = new Promise<number | null>((resolve) => first.on('close', resolve));
    first.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(dataDir, 'coach.lock'))).toBe(false);
  });

  it('exits with every configuration problem listed', async () => {
    const { code, stderr, stdout } = await runCli(
      ['start'],
      '',
      cliEnv({ SLACK_BOT_TOKEN: 'xoxb-1', PORT: 'http' }),
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('the configuration has 2 problems');
    expect(stderr).toContain('PORT must be a port number');
    expect(stderr).toContain('SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN');
    expect(stderr).not.toContain('xoxb-1');
  });
});
