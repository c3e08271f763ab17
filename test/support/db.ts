// Real databases for tests: PGlite in-process always, and a fresh Postgres database per file with TEST_DATABASE_URL.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/client.js';

export type TestDatabaseKind = 'pglite' | 'postgres';

/** The databases this run tests against: PGlite, plus Postgres when TEST_DATABASE_URL is set. */
export const testDatabaseKinds: TestDatabaseKind[] = process.env.TEST_DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

export interface TestDatabase {
  database: Database;
  /** Opens another connection to the same database (Postgres), for races; PGlite has one connection. */
  connectAgain?: () => Promise<Database>;
  /** Closes the connection and, for Postgres, drops the database. */
  dispose(): Promise<void>;
}

/** A migrated, empty database. On Postgres each call creates its own database, so files never collide. */
export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openDatabase({ kind: 'pglite-memory' });
    await database.migrate();
    return { database, dispose: () => database.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `coach_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  await database.migrate();
  const extra: Database[] = [];
  return {
    database,
    async connectAgain() {
      const another = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
      extra.push(another);
      return another;
    },
    async dispose() {
      for (const another of extra) await another.close();
      await database.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/** Row counts of the tables a command could write, to prove that refused input wrote nothing. */
export async function rowCounts(database: Database): Promise<Record<string, number>> {
  const { answers, currentQuestions, members, reviewCards, streaks, tenants } = await import(
    '../../src/db/schema.js'
  );
  const { count } = await import('drizzle-orm');
  const tables = { answers, currentQuestions, members, reviewCards, streaks, tenants };
  const entries = await Promise.all(
    Object.entries(tables).map(async ([name, table]) => {
      const [row] = await database.db.select({ n: count() }).from(table);
      return [name, row?.n ?? 0] as const;
    }),
  );
  return Object.fromEntries(entries);
}
