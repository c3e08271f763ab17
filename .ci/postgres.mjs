// CI helper: `ping` (exit 1 when Postgres does not answer), `wait` (up to 30 s), `reset` (a clean test database).
import pg from 'pg';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function withClient(work) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const ping = () => withClient((client) => client.query('select 1'));

const command = process.argv[2];
if (command === 'ping') {
  await ping().catch(() => process.exit(1));
} else if (command === 'wait') {
  for (let attempt = 1; ; attempt++) {
    try {
      await ping();
      break;
    } catch (error) {
      if (attempt >= 30) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
} else if (command === 'reset') {
  await withClient(async (client) => {
    // Tests make a database per file (coach_test_*); drop any a killed run left behind.
    const { rows } = await client.query("select datname from pg_database where datname like 'coach_test_%'");
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
    await client.query('drop schema if exists drizzle cascade');
    await client.query('drop schema if exists public cascade');
    await client.query('create schema public');
  });
  console.log(`postgres ready and reset (${new URL(url).host})`);
} else {
  console.error('usage: node .ci/postgres.mjs ping|wait|reset');
  process.exit(2);
}
