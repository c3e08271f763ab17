import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from '../support/cli.js';

describe('coach tick --at', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'coach-tick-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('posts the due daily question through the console once; the same instant again posts nothing', {
    timeout: 90_000,
  }, async () => {
    const env = cliEnv({ COACH_DATA_DIR: dataDir });
    const setup = await runCli(['start'], 'schedule set 09:00 tz=Europe/Berlin days=mon-fri\n', env);
    expect(setup.code).toBe(0);
    expect(setup.stdout).toContain('09:00 Europe/Berlin');

    const early = await runCli(['tick', '--at', '2026-03-02T07:59:00Z'], '', env);
    expect(early.stdout).toBe('');
    const first = await runCli(['tick', '--at', '2026-03-02T08:00:00+00:00'], '', env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Question of the day');
    expect(first.stderr).toContain('1 posted');
    const again = await runCli(['tick', '--at', '2026-03-02T08:00:00Z'], '', env);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('0 posted, 1 already done');
    // Saturday: Mon-Fri schedule, nothing due.
    const saturday = await runCli(['tick', '--at', '2026-03-07T12:00:00Z'], '', env);
    expect(saturday.stdout).toBe('');
  });

  it('refuses an instant without Z or an offset, with a clear line', async () => {
    const result = await runCli(
      ['tick', '--at', '2026-03-02T08:00:00'],
      '',
      cliEnv({ COACH_DATA_DIR: dataDir }),
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('with Z or an offset');
  });
});
