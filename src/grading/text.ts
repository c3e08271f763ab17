// Text shapes for grading: sentences and the word triples that reveal copying.
import { words } from './analyzer.js';

const cells = (row: string) =>
  row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());

/**
 * Rewrites Markdown tables as sentences that keep each cell with its column heading
 * ("Where: Input guardrails: before the call; Output guardrails: before the user"), so a table says what
 * the prose it replaces would say.
 */
export function linearizeTables(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const isRule = (line: string | undefined) => line !== undefined && /^\s*\|?\s*:?-{3,}/.test(line);
    if (/^\s*\|.*\|\s*$/.test(lines[i] ?? '') && isRule(lines[i + 1])) {
      const header = cells(lines[i] ?? '');
      let j = i + 2;
      for (; j < lines.length && /^\s*\|/.test(lines[j] ?? ''); j++) {
        const row = cells(lines[j] ?? '');
        const [first, ...rest] = row;
        const parts = rest.map((cell, k) => [header[k + 1], cell].filter(Boolean).join(': '));
        out.push(`${[header[0], first].filter(Boolean).join(' ')}: ${parts.join('; ')}.`);
      }
      i = j - 1;
    } else {
      out.push(lines[i] ?? '');
    }
  }
  return out.join('\n');
}

/**
 * Splits text into sentences: at . ! ? followed by space, at line breaks and list bullets. Code blocks
 * and tables are kept line by line (their comments, names and cells say things too); fence lines and
 * table rules are dropped.
 */
export function sentences(text: string): string[] {
  return linearizeTables(text)
    .replace(/\b(e\.g|i\.e|etc|vs|approx|cf)\./gi, '$1')
    .split(/(?<=[.!?])\s+|\n+/)
    .filter((line) => !/^\s*(?:```|~~~)/.test(line) && !/^\s*\|?\s*:?-{3,}/.test(line))
    .map((sentence) =>
      sentence
        .replace(/^\s*(?:[-*•>#]+|\d+[.)])\s+/, '')
        .replace(/\s*\|\s*/g, ' : ')
        .replace(/^[\s:]+|[\s:]+$/g, '')
        .trim(),
    )
    .filter((sentence) => words(sentence).length > 0);
}

/** Contiguous word triples, for measuring how much of one text is copied from another. */
export function shingles(tokens: readonly string[], size = 3): Set<string> {
  const result = new Set<string>();
  for (let i = 0; i + size <= tokens.length; i++) result.add(tokens.slice(i, i + size).join(' '));
  return result;
}

/** Share of `part`'s shingles found in `whole` (0 when `part` is too short to have any). */
export function containment(part: Set<string>, whole: Set<string>): number {
  if (part.size === 0) return 0;
  let shared = 0;
  for (const shingle of part) if (whole.has(shingle)) shared++;
  return shared / part.size;
}
