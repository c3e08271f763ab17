// Text shapes for grading: sentences and the word triples that reveal copying.
import { words } from './analyzer.js';

/**
 * Splits text into sentences: at . ! ? followed by space, at line breaks and list bullets. Code blocks
 * and tables are kept line by line (their comments, names and cells say things too); fence lines and
 * table rules are dropped.
 */
export function sentences(text: string): string[] {
  return text
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
