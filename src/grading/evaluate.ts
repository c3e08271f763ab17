// `coach eval`: grades labelled answers and reports agreement with the human grades, overall and per area.
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { Bank } from '../bank/bank.js';
import { type Agreement, agreement } from './agreement.js';
import type { Grader } from './grader.js';

const Labelled = z.union([
  z.object({ questionId: z.string(), answer: z.string(), grade: z.number().int().min(0) }).passthrough(),
  z
    .object({
      question: z.string(),
      reference: z.string(),
      answer: z.string(),
      keyPoints: z.array(z.string()).optional(),
      area: z.string().optional(),
      grade: z.number().int().min(0),
    })
    .passthrough(),
]);

export interface EvalRow {
  area: string;
  grade: number;
  score: number;
  quality?: string;
  ms: number;
}

export interface EvalReport {
  rows: EvalRow[];
  /** The top of the human grade scale. */
  maxGrade: number;
  errors: string[];
  summary: Agreement & {
    byArea: Record<string, Agreement>;
    latencyMs: { p50: number; p99: number };
  };
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const rounded = (a: Agreement): Agreement => ({
  n: a.n,
  pearson: round(a.pearson),
  spearman: round(a.spearman),
  qwk: round(a.qwk),
  mae: round(a.mae),
});

/** Grades every labelled line of `files` and measures agreement; bad lines are reported, not fatal. */
export async function evaluate(
  grader: Grader,
  bank: Bank,
  files: readonly string[],
  maxGrade: number,
): Promise<EvalReport> {
  const rows: EvalRow[] = [];
  const errors: string[] = [];
  for (const file of files) {
    const lines = (await readFile(file, 'utf8')).split('\n');
    for (const [i, line] of lines.entries()) {
      if (!line.trim()) continue;
      const where = `${file}:${i + 1}`;
      let parsed: z.infer<typeof Labelled>;
      try {
        const result = Labelled.safeParse(JSON.parse(line));
        if (!result.success) throw new Error(result.error.issues.map((issue) => issue.message).join('; '));
        parsed = result.data;
      } catch (error) {
        errors.push(`${where}: ${(error as Error).message}`);
        continue;
      }
      if (parsed.grade > maxGrade) {
        errors.push(`${where}: grade ${parsed.grade} is above --max-grade ${maxGrade}`);
        continue;
      }
      const questionId = typeof parsed.questionId === 'string' ? parsed.questionId : undefined;
      const question = questionId === undefined ? undefined : bank.byId(questionId);
      if (questionId !== undefined && !question) {
        errors.push(`${where}: unknown question ${questionId}`);
        continue;
      }
      const input = question
        ? {
            question: question.question,
            reference: question.answer,
            answer: parsed.answer,
            keyPoints: question.keyPoints,
            questionId: question.id,
          }
        : {
            question: (parsed as { question: string }).question,
            reference: (parsed as { reference: string }).reference,
            answer: parsed.answer,
            ...((parsed as { keyPoints?: string[] }).keyPoints
              ? { keyPoints: (parsed as { keyPoints: string[] }).keyPoints }
              : {}),
          };
      const started = performance.now();
      const grade = await grader.grade(input);
      const ms = performance.now() - started;
      const area = question?.area ?? (parsed as { area?: string }).area ?? 'unknown';
      const quality = typeof parsed.quality === 'string' ? parsed.quality : undefined;
      rows.push({ area, grade: parsed.grade, score: grade.score, ms, ...(quality ? { quality } : {}) });
    }
  }
  const overall = agreement(
    rows.map((r) => r.score),
    rows.map((r) => r.grade),
    maxGrade,
  );
  const byArea: Record<string, Agreement> = {};
  for (const area of [...new Set(rows.map((r) => r.area))].sort()) {
    const mine = rows.filter((r) => r.area === area);
    byArea[area] = rounded(
      agreement(
        mine.map((r) => r.score),
        mine.map((r) => r.grade),
        maxGrade,
      ),
    );
  }
  const latencies = rows.map((r) => r.ms).sort((a, b) => a - b);
  return {
    rows,
    maxGrade,
    errors,
    summary: {
      ...rounded(overall),
      byArea,
      latencyMs: { p50: round(percentile(latencies, 50), 2), p99: round(percentile(latencies, 99), 2) },
    },
  };
}

/** The human-readable report: overall figures, a per-area table, latency, and any bad lines. */
export function formatReport(report: EvalReport): string {
  const s = report.summary;
  const fmt = (a: Agreement) =>
    `${String(a.n).padStart(5)}  ${a.pearson.toFixed(3).padStart(7)}  ${a.spearman.toFixed(3).padStart(8)}  ${a.qwk.toFixed(3).padStart(6)}  ${a.mae.toFixed(3).padStart(6)}`;
  const lines = [
    `${'area'.padEnd(18)}  ${'n'.padStart(5)}  ${'pearson'.padStart(7)}  ${'spearman'.padStart(8)}  ${'qwk'.padStart(6)}  ${'mae'.padStart(6)}`,
    ...Object.entries(s.byArea).map(([area, a]) => `${area.padEnd(18)}  ${fmt(a)}`),
    `${'all'.padEnd(18)}  ${fmt(s)}`,
    ...qualityLines(report.rows, report.maxGrade),
    '',
    `latency per answer: p50 ${s.latencyMs.p50} ms, p99 ${s.latencyMs.p99} ms`,
    ...report.errors.map((e) => `error: ${e}`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Where lines say what kind of answer they are (`quality`: complete, keyword-stuffed...), how the grader
 * scored each kind: count, MAE on the grade scale, mean and highest score (keyword stuffing must stay low).
 */
function qualityLines(rows: readonly EvalRow[], maxGrade: number): string[] {
  const qualities = [...new Set(rows.flatMap((r) => (r.quality ? [r.quality] : [])))].sort();
  if (qualities.length === 0) return [];
  return [
    '',
    `${'quality'.padEnd(18)}  ${'n'.padStart(5)}  ${'mae'.padStart(6)}  ${'mean score'.padStart(10)}  ${'max score'.padStart(9)}`,
    ...qualities.map((quality) => {
      const mine = rows.filter((r) => r.quality === quality);
      const scores = mine.map((r) => r.score);
      const mae = agreement(
        scores,
        mine.map((r) => r.grade),
        maxGrade,
      ).mae;
      const mean = scores.reduce((sum, x) => sum + x, 0) / scores.length;
      return `${quality.padEnd(18)}  ${String(mine.length).padStart(5)}  ${mae.toFixed(3).padStart(6)}  ${mean.toFixed(1).padStart(10)}  ${String(Math.max(...scores)).padStart(9)}`;
    }),
  ];
}
