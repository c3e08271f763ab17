import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { acquireDataDirLock, DataDirBusyError } from '../../src/db/lock.js';

describe('PGlite data folder lock', () => {
  it('refuses a second holder while the first is alive, and frees the folder on close', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    const database = await openDatabase({ kind: 'pglite', dataDir: dir });
    await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toThrow(DataDirBusyError);
    await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toThrow(
      /in use by another interview-coach process \(pid \d+\)\. PGlite serves one process at a time: stop that process first, or set DATABASE_URL to use Postgres\./,
    );
    await database.close();
    expect(existsSync(join(dir, 'coach.lock'))).toBe(false);
    const again = await openDatabase({ kind: 'pglite', dataDir: dir });
    await again.close();
  });

  it('takes over a lock left by a process that died', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    const child = spawn(process.execPath, ['-e', '']);
    const deadPid = child.pid;
    await new Promise((resolve) => child.on('exit', resolve));
    await writeFile(join(dir, 'coach.lock'), String(deadPid));
    const lock = acquireDataDirLock(dir);
    lock.release();
  });
});
