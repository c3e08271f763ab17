#!/usr/bin/env node
// The `coach` command line: start the bot, check the bank, grade JSONL, migrate the database.
import { createInterface } from 'node:readline';
import { Command, InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import { createBank } from './bank/bank.js';
import { formatProblems, loadBankDir } from './bank/load.js';
import { AREAS } from './bank/types.js';
import { type Config, ConfigError, environmentWithDotEnv, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { DataDirBusyError } from './db/lock.js';
import { createRubricGrader } from './grading/rubric.js';
import { createLogger } from './logger.js';
import { runBot } from './main.js';
import { contentDir } from './paths.js';

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

async function gradeJsonl(graderName: 'rubric' | 'llm' | 'auto'): Promise<number> {
  const settings = config();
  if (graderName === 'llm') {
    if (!settings.llm) {
      throw new UsageFailure(
        'coach grade --grader llm needs an LLM endpoint: set OPENAI_MODEL and OPENAI_BASE_URL (or OPENAI_API_KEY for OpenAI), or use --grader rubric.',
      );
    }
    throw new UsageFailure('This build grades offline only; use --grader rubric or auto.');
  }
  const grader = createRubricGrader();
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
      process.stdout.write(
        `${'topic'.padEnd(18)} ${'n'.padStart(4)}   by difficulty 1/2/3\n${rows.join('\n')}\ntotal ${stats.total}\n`,
      );
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
