// Imports a seed-style document ("## N. Section", "Q:", "A:", code fences) into bank files marked `origin: imported`.
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BankProblem } from './parse.js';
import { AREAS, type AreaSlug } from './types.js';

/** Words in a section heading that say which area it belongs to, checked in order. */
const AREA_KEYWORDS: [RegExp, AreaSlug][] = [
  [/\brag\b|retrieval/i, 'rag'],
  [/vector/i, 'vector-databases'],
  [/fine-?tun|optimi[sz]ation|quanti[sz]|distill|lora|peft|rlhf/i, 'fine-tuning'],
  [/llmops|mlops|system design|deploy|serving|best practices/i, 'llmops'],
  [/evaluat|metric|benchmark/i, 'evaluation'],
  [/transformer|attention/i, 'transformers'],
  [/large language|\bllms?\b/i, 'llms'],
  [/natural language|\bnlp\b/i, 'nlp'],
  [/neural|\bann\b|deep learning|machine learning/i, 'neural-networks'],
];

/** A line the seed uses where content was lost; imported questions drop it rather than teach it. */
const LOST_CONTENT = /^\s*\[(Previous|More) .*\]\s*$/i;

export interface ImportedQuestion {
  id: string;
  area: AreaSlug;
  title: string;
  question: string;
  answer: string;
  line: number;
}

export interface ImportResult {
  questions: ImportedQuestion[];
  problems: BankProblem[];
}

export function areaForHeading(heading: string): AreaSlug | undefined {
  return AREA_KEYWORDS.find(([pattern]) => pattern.test(heading))?.[1];
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(
      (word) =>
        ![
          'what',
          'is',
          'are',
          'the',
          'a',
          'an',
          'and',
          'how',
          'do',
          'does',
          'you',
          'of',
          'in',
          'it',
        ].includes(word),
    )
    .slice(0, 6)
    .join('-');
}

function titleFor(question: string): string {
  const short = question.replace(/\?.*$/s, '').trim();
  return short.length <= 70 ? short : `${short.slice(0, 67).replace(/\s+\S*$/, '')}…`;
}

/**
 * Parses a seed-style document. Questions start at `Q:` and their answers at `A:`; an answer runs
 * until the next `Q:` or section heading, code fences included. `existingIds` keeps new ids unique.
 */
export function parseSeedDocument(
  file: string,
  text: string,
  existingIds: ReadonlySet<string> = new Set(),
): ImportResult {
  const lines = text.split(/\r?\n/);
  const questions: ImportedQuestion[] = [];
  const problems: BankProblem[] = [];
  const taken = new Set(existingIds);
  let area: AreaSlug | undefined;
  let sectionLine = 0;
  let current:
    | { question: string[]; answer: string[]; inAnswer: boolean; line: number; area: AreaSlug }
    | undefined;
  let inFence = false;

  const finish = () => {
    if (!current) return;
    const question = current.question.join('\n').trim();
    const answer = current.answer.join('\n').trim();
    if (!answer) {
      problems.push({
        file,
        line: current.line,
        severity: 'error',
        message: 'question without an answer (no "A:" line)',
      });
    } else {
      const base = slugify(question) || 'imported-question';
      let id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
      taken.add(id);
      questions.push({
        id,
        area: current.area,
        title: titleFor(question),
        question,
        answer,
        line: current.line,
      });
    }
    current = undefined;
  };

  lines.forEach((line, index) => {
    const lineNo = index + 1;
    if (/^\s*```/.test(line)) inFence = !inFence;
    if (!inFence) {
      const heading = /^##\s+(?:\d+\.\s*)?(.+)$/.exec(line);
      if (heading) {
        finish();
        area = areaForHeading(heading[1] ?? '');
        sectionLine = lineNo;
        return;
      }
      const q = /^Q:\s*(.*)$/.exec(line);
      if (q) {
        finish();
        if (!area) {
          problems.push({
            file,
            line: sectionLine || lineNo,
            severity: 'warning',
            message:
              'skipped a question outside any section whose area is clear; put it under a "## N. <area>" heading',
          });
          return;
        }
        current = { question: [q[1] ?? ''], answer: [], inAnswer: false, line: lineNo, area };
        return;
      }
      const a = /^A:\s*(.*)$/.exec(line);
      if (a && current) {
        current.inAnswer = true;
        current.answer.push(a[1] ?? '');
        return;
      }
      if (LOST_CONTENT.test(line)) {
        if (current)
          problems.push({
            file,
            line: lineNo,
            severity: 'warning',
            message: `dropped a line that stands for lost content: ${line.trim()}`,
          });
        return;
      }
    }
    if (current) (current.inAnswer ? current.answer : current.question).push(line);
  });
  finish();
  return { questions, problems };
}

function renderQuestion(q: ImportedQuestion, source: string): string {
  return [
    `## ${q.title}`,
    `id: ${q.id}`,
    'difficulty: 2',
    'kind: concept',
    `tags: ${q.area}, imported`,
    'origin: imported',
    '',
    '### Question',
    q.question,
    '',
    '### Answer',
    q.answer,
    '',
    '### Follow-ups',
    '- What would you add to this answer in an interview?',
    '',
    '### Read more',
    `- ${source}`,
    '',
  ].join('\n');
}

/**
 * Writes imported questions into `<outDir>/<area>.md`, appending to files that exist. Returns the files
 * written. Key points are left out: imported questions are graded from the reference answer.
 */
export async function writeImported(
  questions: readonly ImportedQuestion[],
  outDir: string,
  source: string,
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const area of AREAS) {
    const mine = questions.filter((q) => q.area === area.slug);
    if (mine.length === 0) continue;
    const path = join(outDir, `${area.slug}.md`);
    const body = mine.map((q) => renderQuestion(q, source)).join('\n');
    if (existsSync(path)) {
      const before = await readFile(path, 'utf8');
      await appendFile(path, `${before.endsWith('\n') ? '' : '\n'}\n${body}`);
    } else {
      await writeFile(path, `# ${area.title}\n\n${body}`);
    }
    written.push(path);
  }
  return written;
}
