#!/usr/bin/env node
// The `coach` command line: start the bot, check the bank, grade JSONL, migrate the database.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Command, InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import { commands } from '../commands/index.js';
import { registerDiscordCommands } from './adapters/discord/discord-adapter.js';
import { createBank } from './bank/bank.js';
import { parseSeedDocument, writeImported } from './bank/import.js';
import { formatProblems, loadBankDir } from './bank/load.js';
import { findNearDuplicates } from './bank/near-duplicates.js';
import { AREAS } from './bank/types.js';
import { type Config, ConfigError, environmentWithDotEnv, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { DataDirBusyError } from './db/lock.js';
import { listOpenReports, resolveReports } from './db/reports.js';
import { createGrading } from './grading/create-grading.js';
import { evaluate, formatReport } from './grading/evaluate.js';
import { createLogger } from './logger.js';
import { createApp, dailyQuestionsDeps, loadBank, runBot, sendVia, topicsOf } from './main.js';
import { contentDir } from './paths.js';
import { dailyQuestionsJob } from './scheduler/jobs.js';

/** Splits imported questions into new ones and ones the bank already asks (in other words or the same). */
function withoutRepeats<T extends { id: string; title: string; question: string }>(
  incoming: readonly T[],
  existing: readonly { id: string; title: string; question: string }[],
): { questions: T[]; skipped: { question: T; of: string }[] } {
  const known = new Set(existing.map((q) => q.id));
  const repeats = new Map<string, string>();
  for (const { a, b } of findNearDuplicates([...existing, ...incoming])) {
    if (known.has(a.id) && !known.has(b.id)) repeats.set(b.id, a.id);
    else if (known.has(b.id) && !known.has(a.id)) repeats.set(a.id, b.id);
  }
  return {
    questions: incoming.filter((q) => !repeats.has(q.id)),
    skipped: incoming
      .filter((q) => repeats.has(q.id))
      .map((question) => ({ question, of: repeats.get(question.id) ?? '' })),
  };
}

/** Exit code 2: the command cannot run as asked (e.g. `--grader llm` with no endpoint). */
class UsageFailure extends Error {}

const config = (): Config => loadConfig(environmentWithDotEnv());

const GradeLine = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  question: z.string(),
  reference: z.string(),
  answer: z.string(),
  keyPoints: z.array(z.string()).optional(),
});

/** The grader `grade` and `eval` use: rubric, llm (exit 2 when none is configured) or auto. */
async function graderFor(verb: 'grade' | 'eval', choice: 'rubric' | 'llm' | 'auto') {
  const settings = config();
  if (choice === 'llm' && !settings.llm) {
    throw new UsageFailure(
      `coach ${verb} --grader llm needs an LLM endpoint: set OPENAI_MODEL and OPENAI_BASE_URL (or OPENAI_API_KEY for OpenAI), or use --grader rubric.`,
    );
  }
  const { questions } = await loadBankDir(contentDir);
  const grading = createGrading({
    questions,
    llm: choice === 'rubric' ? null : settings.llm,
    logger: createLogger(settings.logLevel),
  });
  return { grader: grading.grader, bank: createBank(questions) };
}

async function gradeJsonl(graderName: 'rubric' | 'llm' | 'auto'): Promise<number> {
  const { grader } = await graderFor('grade', graderName);
  let lineNo = 0;
  let failures = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNo++;
    if (!line.trim()) continue;
    let id: string | number = lineNo;
    try {
      const raw: unknown = JSON.parse(line);
      if (
        raw &&
        typeof raw === 'object' &&
        'id' in raw &&
        (typeof raw.id === 'string' || typeof raw.id === 'number')
      ) {
        id = raw.id;
      }
      const parsed = GradeLine.safeParse(raw);
      if (!parsed.success) {
        throw new Error(
          parsed.error.issues
            .map((issue) => `${issue.path.join('.') || 'line'}: ${issue.message}`)
            .join('; '),
        );
      }
      const grade = await grader.grade({
        question: parsed.data.question,
        reference: parsed.data.reference,
        answer: parsed.data.answer,
        ...(parsed.data.keyPoints ? { keyPoints: parsed.data.keyPoints } : {}),
      });
      const out: Record<string, unknown> = {
        id,
        score: grade.score,
        verdict: grade.verdict,
        grader: grade.grader,
        keyPoints: grade.keyPoints,
        feedback: grade.feedback,
      };
      if (grade.fallbackReason) out.fallbackReason = grade.fallbackReason;
      if (grade.flags.length > 0) out.flags = grade.flags;
      process.stdout.write(`${JSON.stringify(out)}\n`);
    } catch (error) {
      failures++;
      const message =
        error instanceof SyntaxError ? `not valid JSON: ${error.message}` : (error as Error).message;
      process.stdout.write(`${JSON.stringify({ id, error: message })}\n`);
    }
  }
  return failures > 0 ? 1 : 0;
}

function buildProgram(): Command {
  const program = new Command('coach')
    .description('interview-coach: AI/ML interview practice in Slack, Discord and the terminal')
    .showHelpAfterError();

  program
    .command('start')
    .description('run the bot: the console, or Slack/Discord when configured')
    .option('--console', 'run the console too when Slack or Discord is configured')
    .action(async (options: { console?: boolean }) => {
      const settings = config();
      const logger = createLogger(settings.logLevel);
      await runBot({
        config: settings,
        logger,
        console: options.console === true,
        input: process.stdin,
        output: process.stdout,
      });
    });

  const bank = program.command('bank').description('check and describe the question bank in content/');
  bank
    .command('check')
    .description('validate content/; prints file:line: message per problem, exits 1 on errors')
    .option('--dir <dir>', 'the bank folder', contentDir)
    .action(async (options: { dir: string }) => {
      const { questions, problems } = await loadBankDir(options.dir);
      for (const line of formatProblems(problems)) process.stdout.write(`${line}\n`);
      const errors = problems.filter((p) => p.severity === 'error').length;
      const warnings = problems.length - errors;
      process.stderr.write(
        `${questions.length} questions checked: ${errors} error(s), ${warnings} warning(s)\n`,
      );
      process.exitCode = errors > 0 ? 1 : 0;
    });
  bank
    .command('stats')
    .description('count questions by topic, difficulty and kind')
    .option('--json', 'print JSON')
    .option('--dir <dir>', 'the bank folder', contentDir)
    .action(async (options: { json?: boolean; dir: string }) => {
      const { questions } = await loadBankDir(options.dir);
      const stats = createBank(questions).stats();
      if (options.json) {
        process.stdout.write(`${JSON.stringify(stats)}\n`);
        return;
      }
      const rows = AREAS.map((area) => {
        const levels = stats.byTopicDifficulty[area.slug] ?? { 1: 0, 2: 0, 3: 0 };
        return `${area.slug.padEnd(18)} ${String(stats.byTopic[area.slug] ?? 0).padStart(4)}   ${levels[1]}/${levels[2]}/${levels[3]}`;
      });
      const kinds = Object.entries(stats.byKind)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ');
      process.stdout.write(
        `${'topic'.padEnd(18)} ${'n'.padStart(4)}   by difficulty 1/2/3\n${rows.join('\n')}\ntotal ${stats.total}\nby kind: ${kinds}\n`,
      );
    });
  bank
    .command('import')
    .description(
      'turn a seed-style document ("## N. Section", "Q:", "A:") into bank files marked origin: imported',
    )
    .argument('<file>', 'the Markdown document')
    .option('--out <dir>', 'where to write the area files (appends to existing ones)', contentDir)
    .action(async (file: string, options: { out: string }) => {
      const outDir = resolve(options.out);
      const target = existsSync(outDir) ? (await loadBankDir(outDir)).questions : [];
      // Ids stay unique against content/ too, so an imported folder can later be merged into it.
      const ids = new Set([...(await loadBankDir(contentDir)).questions, ...target].map((q) => q.id));
      const parsed = parseSeedDocument(file, await readFile(file, 'utf8'), ids);
      const { questions, skipped } = withoutRepeats(parsed.questions, target);
      const problems = [
        ...parsed.problems,
        ...skipped.map(({ question, of }) => ({
          file,
          line: question.line,
          severity: 'warning' as const,
          message: `skipped: the bank already asks this (${of})`,
        })),
      ];
      for (const line of formatProblems(problems)) process.stdout.write(`${line}\n`);
      if (problems.some((p) => p.severity === 'error')) {
        process.exitCode = 1;
        return;
      }
      const written = await writeImported(questions, outDir, `Imported from ${basename(file)}`);
      const check = await loadBankDir(outDir);
      const errors = check.problems.filter((p) => p.severity === 'error');
      for (const line of formatProblems(errors)) process.stdout.write(`${line}\n`);
      process.stderr.write(
        `imported ${questions.length} question(s) into ${written.length} file(s) in ${outDir}; they have no key points and are graded from their reference answers\n`,
      );
      process.exitCode = errors.length > 0 ? 1 : 0;
    });

  bank
    .command('reports')
    .description("list members' open reports about questions, or mark some resolved")
    .option('--json', 'print JSON')
    .option('--resolve <ids...>', 'mark these report ids resolved')
    .action(async (options: { json?: boolean; resolve?: string[] }) => {
      const settings = config();
      const database = await openDatabase(settings.database);
      try {
        await database.migrate();
        if (options.resolve) {
          const ids = options.resolve.map((id) => Number.parseInt(id, 10));
          if (ids.some((id) => !Number.isInteger(id)))
            throw new UsageFailure('--resolve takes report ids (numbers).');
          const resolved = await resolveReports(database.db, ids, new Date());
          process.stderr.write(
            `resolved ${resolved.length} report(s)${resolved.length < ids.length ? ' (the others were not open)' : ''}\n`,
          );
          return;
        }
        const open = await listOpenReports(database.db);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(open)}\n`);
          return;
        }
        if (open.length === 0) {
          process.stdout.write('No open reports.\n');
          return;
        }
        const byQuestion = new Map<string, typeof open>();
        for (const report of open)
          byQuestion.set(report.questionId, [...(byQuestion.get(report.questionId) ?? []), report]);
        for (const [questionId, list] of byQuestion) {
          process.stdout.write(`${questionId} (${list.length} open)\n`);
          for (const r of list) {
            process.stdout.write(
              `  #${r.id} ${r.createdAt.toISOString().slice(0, 16).replace('T', ' ')} ${r.member ?? '(member deleted)'} [${r.tenant}]: ${r.note}\n`,
            );
          }
        }
        process.stdout.write(`Resolve with: coach bank reports --resolve <id> ...\n`);
      } finally {
        await database.close();
      }
    });

  program
    .command('grade')
    .description('grade JSONL from stdin: {id?, question, reference, answer, keyPoints?} per line')
    .addOption(
      new Option('--grader <grader>', 'which grader').choices(['rubric', 'llm', 'auto']).default('auto'),
    )
    .action(async (options: { grader: 'rubric' | 'llm' | 'auto' }) => {
      process.exitCode = await gradeJsonl(options.grader);
    });

  program
    .command('eval')
    .description(
      'measure a grader against human grades: JSONL of {question, reference, answer, keyPoints?, grade} or {questionId, answer, grade}',
    )
    .argument('<files...>', 'JSONL files of graded answers')
    .addOption(
      new Option('--grader <grader>', 'which grader').choices(['rubric', 'llm', 'auto']).default('auto'),
    )
    .option(
      '--max-grade <n>',
      'the top of the human grade scale',
      (v) => {
        const n = Number.parseInt(v, 10);
        if (!Number.isInteger(n) || n < 1)
          throw new InvalidArgumentError('--max-grade takes a whole number >= 1');
        return n;
      },
      5,
    )
    .option('--json', 'print JSON')
    .action(
      async (
        files: string[],
        options: { grader: 'rubric' | 'llm' | 'auto'; maxGrade: number; json?: boolean },
      ) => {
        const { grader, bank } = await graderFor('eval', options.grader);
        const report = await evaluate(grader, bank, files, options.maxGrade);
        process.stdout.write(options.json ? `${JSON.stringify(report.summary)}\n` : formatReport(report));
        process.exitCode = report.errors.length > 0 ? 1 : 0;
      },
    );

  program
    .command('tick')
    .description('run one scheduler tick as of an instant: post the daily questions due then')
    .requiredOption('--at <instant>', 'ISO-8601 instant with Z or an offset, e.g. 2026-03-02T08:00:00Z')
    .action(async (options: { at: string }) => {
      if (!/(?:Z|[+-]\d{2}:?\d{2})$/i.test(options.at) || Number.isNaN(Date.parse(options.at))) {
        throw new UsageFailure(
          `--at needs an ISO-8601 instant with Z or an offset (e.g. 2026-03-02T08:00:00Z), not "${options.at}".`,
        );
      }
      const settings = config();
      const logger = createLogger(settings.logLevel);
      const app = await createApp({ config: settings, logger });
      try {
        const result = await dailyQuestionsJob(
          dailyQuestionsDeps(app, sendVia({ output: process.stdout }), logger),
          new Date(options.at),
        );
        process.stderr.write(
          `tick at ${new Date(options.at).toISOString()}: ${result.sent} posted, ${result.skipped} already done, ${result.failed} failed, ${result.nudged} nudged\n`,
        );
      } finally {
        await app.close();
      }
    });

  program
    .command('discord')
    .description('Discord set-up')
    .command('register')
    .description('register /coach with Discord (global, or one guild at once with --guild)')
    .option('--guild <id>', 'register for this guild only (instant; global commands can take a while)')
    .action(async (options: { guild?: string }) => {
      const settings = config();
      if (!settings.discord) {
        throw new UsageFailure('Set DISCORD_TOKEN and DISCORD_APP_ID to register /coach with Discord.');
      }
      const bank = await loadBank();
      await registerDiscordCommands({
        token: settings.discord.token,
        appId: settings.discord.appId,
        ...(settings.discord.apiUrl ? { apiUrl: settings.discord.apiUrl } : {}),
        ...(options.guild ? { guildId: options.guild } : {}),
        commands,
        topics: topicsOf(bank),
      });
      process.stderr.write(
        `/coach registered ${options.guild ? `in guild ${options.guild}` : 'globally'} (${commands.length} subcommands)\n`,
      );
    });

  program
    .command('db')
    .description('database maintenance')
    .command('migrate')
    .description('apply pending migrations from migrations/')
    .action(async () => {
      const settings = config();
      const database = await openDatabase(settings.database);
      try {
        await database.migrate();
        process.stderr.write(`migrations applied (${database.kind})\n`);
      } finally {
        await database.close();
      }
    });

  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataDirBusyError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    if (error instanceof UsageFailure || error instanceof InvalidArgumentError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

await main(process.argv);
