// Text analysis for grading: sentences, content words and their stems.
import { stemmer } from 'stemmer';

// Function words that carry no idea of their own; "not" and "no" are kept because they flip one.
const STOP_WORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each few for from further had has have having ' +
    'he her here hers herself him himself his how i if in into is it its itself just me more most my myself ' +
    'nor of off on once only or other our ours ourselves out over own same she should so some such than that ' +
    'the their theirs them themselves then there these they this those through to too under until up very was ' +
    'we were what when where which while who whom why will with would you your yours yourself yourselves ' +
    'one ones may might must shall use used using uses via e g eg ie etc'
  ).split(' '),
);

/** Lower-case word tokens (letters and digits), accents folded. */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .match(/[a-z0-9]+/g) ?? []
  );
}

/** Stems of the words that carry meaning, in order. */
export function contentStems(text: string): string[] {
  return words(text)
    .filter((word) => !STOP_WORDS.has(word))
    .map((word) => stemmer(word));
}

/** Splits prose into sentences: at . ! ? followed by space, at line breaks and list bullets; code fences dropped. */
export function sentences(text: string): string[] {
  return text
    .replace(/```[\s\S]*?```/g, ' ')
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.replace(/^\s*(?:[-*]|\d+[.)])\s+/, '').trim())
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
