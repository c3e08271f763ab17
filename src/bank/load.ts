// Loads and validates every content/*.md file into the bank.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { findNearDuplicates } from './near-duplicates.js';
import { type BankProblem, parseBankFile } from './parse.js';
import { AREAS, isAreaSlug, type Question } from './types.js';

export interface BankLoadResult {
  questions: Question[];
  problems: BankProblem[];
}

/** Reads `dir` (content/): one Markdown file per area; README.md and REVIEW.md are documentation. */
export async function loadBankDir(dir: string, displayRoot = process.cwd()): Promise<BankLoadResult> {
  const entries = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort();
  const questions: Question[] = [];
  const problems: BankProblem[] = [];
  for (const name of entries) {
    const slug = basename(name, '.md');
    if (slug === 'README' || slug === 'REVIEW') continue;
    const file = relative(displayRoot, join(dir, name)) || name;
    if (!isAreaSlug(slug)) {
      problems.push({
        file,
        line: 1,
        severity: 'error',
        message: `"${slug}" is not an area; files are named after one of: ${AREAS.map((a) => a.slug).join(', ')}`,
      });
      continue;
    }
    const parsed = parseBankFile(file, slug, await readFile(join(dir, name), 'utf8'));
    questions.push(...parsed.questions);
    problems.push(...parsed.problems);
  }
  problems.push(...crossCheck(questions));
  return { questions, problems };
}

/** Checks that span questions: unique ids, cross-references that resolve, no question asked twice. */
function crossCheck(questions: readonly Question[]): BankProblem[] {
  const problems: BankProblem[] = [];
  const error = (source: { file: string; line: number }, message: string) =>
    problems.push({ file: source.file, line: source.line, severity: 'error', message });

  const seen = new Map<string, Question>();
  for (const question of questions) {
    const earlier = seen.get(question.id);
    if (earlier) {
      error(
        question.source,
        `duplicate id "${question.id}" (first used at ${earlier.source.file}:${earlier.source.line})`,
      );
    } else {
      seen.set(question.id, question);
    }
  }
  for (const question of questions) {
    const line = { file: question.source.file, line: question.source.relatedLine ?? question.source.line };
    for (const ref of question.related) {
      if (ref === question.id) error(line, `question ${question.id} lists itself as related`);
      else if (!seen.has(ref)) error(line, `related question "${ref}" does not exist`);
    }
  }
  for (const { a, b, similarity } of findNearDuplicates(questions)) {
    if (a.id === b.id) continue; // already reported as a duplicate id
    error(
      b.source,
      `question ${b.id} repeats ${a.id} (${a.source.file}:${a.source.line}) in other words (similarity ${similarity.toFixed(2)}); merge them or make them ask different things`,
    );
  }
  return problems;
}

/** `file:line: message` lines, errors and warnings alike, in file order. */
export function formatProblems(problems: readonly BankProblem[]): string[] {
  return [...problems]
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
    .map((p) => `${p.file}:${p.line}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`);
}
