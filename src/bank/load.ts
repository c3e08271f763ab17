// Loads and validates every content/*.md file into the bank.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
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

/** Checks that span questions: unique ids, cross-references that resolve. */
function crossCheck(questions: readonly Question[]): BankProblem[] {
  const problems: BankProblem[] = [];
  const ids = new Set(questions.map((question) => question.id));
  for (const question of questions) {
    for (const ref of question.related) {
      if (ref === question.id || !ids.has(ref)) {
        problems.push({
          file: question.source.file,
          line: question.source.relatedLine ?? question.source.line,
          severity: 'error',
          message: ref === question.id ? `question ${question.id} lists itself as related` : `related question "${ref}" does not exist`,
        });
      }
    }
  }
  const seen = new Map<string, Question>();
  for (const question of questions) {
    const earlier = seen.get(question.id);
    if (earlier) {
      problems.push({
        ...question.source,
        severity: 'error',
        message: `duplicate id "${question.id}" (first used at ${earlier.source.file}:${earlier.source.line})`,
      });
    } else {
      seen.set(question.id, question);
    }
  }
  return problems;
}

/** `file:line: message` lines, errors and warnings alike, in file order. */
export function formatProblems(problems: readonly BankProblem[]): string[] {
  return [...problems]
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
    .map((p) => `${p.file}:${p.line}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`);
}
