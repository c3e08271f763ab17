// Benchmarks (npm run bench): bank loading, rubric grading and the answer flow on embedded PGlite.
// Figures, not assertions: run on a quiet machine and compare runs, never gate tests on them.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createBank } from '../src/bank/bank.js';
import { loadBankDir } from '../src/bank/load.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/core/logger.js';
import { openDatabase } from '../src/db/client.js';
import { createGrading } from '../src/grading/create-grading.js';
import { createApp } from '../src/main.js';
import { contentDir } from '../src/paths.js';
import { measureDiscordAcks } from './discord-acks.js';
import { measureSlackAcks } from './slack-acks.js';
import { measureTick } from './tick.js';

interface Result {
  name: string;
  runs: number;
  p50: number;
  p99: number;
  perSecond: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function measure(
  name: string,
  runs: number,
  work: (i: number) => Promise<unknown>,
  warmUp = Math.min(5, runs),
): Promise<Result> {
  for (let i = 0; i < warmUp; i++) await work(i);
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work(i);
    times.push(performance.now() - t);
  }
  const total = performance.now() - start;
  times.sort((a, b) => a - b);
  return {
    name,
    runs,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    perSecond: (runs / total) * 1000,
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main() {
  const results: Result[] = [];
  const baseline = process.memoryUsage();

  results.push(await measure('load + validate content/', 20, () => loadBankDir(contentDir)));
  const { questions } = await loadBankDir(contentDir);
  const bank = createBank(questions);

  const buildStart = performance.now();
  const grading = createGrading({ questions, llm: null, logger: silentLogger });
  const buildMs = performance.now() - buildStart;
  // About 1,000 characters per answer: the question's key points restated, then its reference.
  const answerFor = (q: (typeof questions)[number]) => `${q.keyPoints.join(' ')} ${q.answer}`.slice(0, 1_000);
  const inputs = questions.map((q) => ({
    question: q.question,
    reference: q.answer,
    keyPoints: q.keyPoints,
    questionId: q.id,
    answer: answerFor(q),
  }));
  // The first answer to a question also analyses its rubric (then cached): measured apart.
  results.push(
    await measure(
      'rubric grade, first answer to each question',
      inputs.length,
      (i) => grading.grader.grade(inputs[i] as (typeof inputs)[number]),
      0,
    ),
  );
  results.push(
    await measure('rubric grade, 1,000-char answer, full bank', 2_000, (i) =>
      grading.grader.grade(inputs[i % inputs.length] as (typeof inputs)[number]),
    ),
  );
  results.push(
    await measure('retrieval search (top 5)', 2_000, async (i) =>
      grading.index.search(answerFor(questions[i % questions.length] as (typeof questions)[number])),
    ),
  );

  const database = await openDatabase({ kind: 'pglite-memory' });
  await database.migrate();
  const app = await createApp({ config: loadConfig({}), logger: silentLogger, database, bank });
  const user = (i: number) => ({ id: `u${i % 25}`, name: `user ${i % 25}`, isAdmin: false, timezone: 'UTC' });
  const invocation = (i: number, command: string, text: string) => ({
    id: randomUUID(),
    platform: 'console' as const,
    tenantId: 'bench',
    channelId: 'c',
    user: user(i),
    command,
    text,
    raw: null,
  });
  results.push(
    await measure('question -> answer -> graded (PGlite)', 300, async (i) => {
      await app.runtime.handle(invocation(i, 'question', ''));
      const ack = await app.runtime.handle(
        invocation(i, 'answer', 'It retrieves documents, adds them to the prompt and reduces hallucination.'),
      );
      await ack.followUp?.();
    }),
  );
  results.push(
    await measure('leaderboard week (PGlite, 25 members)', 300, (i) =>
      app.runtime.handle(invocation(i, 'leaderboard', 'week')),
    ),
  );
  const memory = process.memoryUsage();
  await app.close();
  await database.close();
  const acks = await measureSlackAcks(bank);
  const discordAcks = await measureDiscordAcks(bank);
  const tick = await measureTick(bank);

  console.log(`interview-coach bench: ${questions.length} questions, node ${process.version}\n`);
  console.log('| benchmark | runs | p50 ms | p99 ms | per second |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.runs} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} | ${r.perSecond.toFixed(0)} |`,
    );
  }
  console.log(
    `\ngrading set-up (term weights and retrieval index over ${questions.length} questions): ${buildMs.toFixed(1)} ms`,
  );
  console.log(
    '\nSlack acks (HTTP mode, signed requests to the local fake; Slack drops what is not acked in 3 s):',
  );
  console.log('| burst | requests | p50 ms | p99 ms | max ms |');
  console.log('|---|---:|---:|---:|---:|');
  for (const a of acks) {
    console.log(
      `| ${a.name} | ${a.requests} | ${a.p50.toFixed(1)} | ${a.p99.toFixed(1)} | ${a.max.toFixed(1)} |`,
    );
  }
  console.log(
    `\nscheduler: one tick over 10,000 due subscriptions on ${tick.engine} (BENCH_DATABASE_URL selects Postgres):`,
  );
  console.log('| day | claimed | claim ms | claim + enqueue ms | + send and record ms | sent |');
  console.log('|---|---:|---:|---:|---:|---:|');
  tick.days.forEach((day, i) => {
    console.log(
      `| ${i === 0 ? 'first (no reveal)' : 'next (with reveal)'} | ${day.claimed} | ${day.claimMs.toFixed(0)} | ${day.enqueueMs.toFixed(0)} | ${day.totalMs.toFixed(0)} | ${day.sent} |`,
    );
  });
  console.log('\nDiscord interaction acks (discord.js against the local fake; 3 s deadline):');
  console.log('| burst | requests | p50 ms | p99 ms | max ms |');
  console.log('|---|---:|---:|---:|---:|');
  for (const a of discordAcks) {
    console.log(
      `| ${a.name} | ${a.requests} | ${a.p50.toFixed(1)} | ${a.p99.toFixed(1)} | ${a.max.toFixed(1)} |`,
    );
  }
  console.log(
    `\nmemory: rss ${mb(memory.rss)} (start ${mb(baseline.rss)}), heap used ${mb(memory.heapUsed)}`,
  );
  console.log('(rss includes the embedded PGlite database, about 0.7 GB on its own)');
}

await main();
