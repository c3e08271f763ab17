// The coach app over a fresh test database, on a test clock: what most integration tests start from.
import type { Bank } from '../../src/bank/bank.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Grader } from '../../src/grading/grader.js';
import { type App, createApp } from '../../src/main.js';
import { createTestBank } from './bank.js';
import { seededRandom, type TestClock } from './clock.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from './db.js';

export interface TestAppOptions {
  kind: TestDatabaseKind;
  clock: TestClock;
  /** Default: the small test bank. */
  bank?: Bank;
  /** Default: the app's own (the offline rubric grader). */
  grader?: Grader;
  /** Seeds the app's random source (question picks). */
  seed?: number;
}

export interface TestApp {
  testDb: TestDatabase;
  app: App;
  /** Closes the app (waiting for grading in flight) and drops the database. */
  stop(): Promise<void>;
}

export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const testDb = await createTestDatabase(options.kind);
  const app = await createApp({
    config: loadConfig({}),
    logger: silentLogger,
    database: testDb.database,
    bank: options.bank ?? createTestBank(),
    ...(options.grader ? { grader: options.grader } : {}),
    now: options.clock.now,
    random: seededRandom(options.seed ?? 7),
  });
  return {
    testDb,
    app,
    async stop() {
      await app.close();
      await testDb.dispose();
    },
  };
}
