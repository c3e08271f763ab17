// Checks the judge's quotes: a key point counts only if its quote is really in the answer and really states it.
import type { GradedKeyPoint } from './grader.js';
import type { JudgedKeyPoint } from './llm-judge.js';
import { keyPointSupport, visibleText } from './rubric.js';
import type { TermWeights } from './term-weights.js';

/** A quote must state at least this share of its key point's (weighted) terms. */
export const MIN_SUPPORT = 0.25;
const MIN_QUOTE_WORDS = 3;

/** Lower case, single spaces, hidden characters gone, typographic quotes straightened. */
export function normalizeForQuote(text: string): string {
  return visibleText(text)
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Keeps a judged key point as covered only when its evidence (1) appears in one of the answer's
 * creditable sentences after normalising case and whitespace, (2) has a few words, and (3) states enough
 * of the key point's terms that it could be about it. Everything else is not covered, whatever the judge said.
 */
export function verifyEvidence(
  creditable: readonly string[],
  keyPoints: readonly string[],
  judged: readonly JudgedKeyPoint[],
  weights: TermWeights,
): GradedKeyPoint[] {
  // Quotes are looked for sentence by sentence, in the sentences that can earn credit: a quote from
  // text that talks to the grader, or recites the rubric, proves nothing.
  const haystacks = creditable.map(normalizeForQuote);
  return keyPoints.map((text, i) => {
    const verdict = judged[i];
    const quote = verdict?.evidence.trim() ?? '';
    const verified =
      verdict?.covered === true &&
      quote.split(/\s+/).length >= MIN_QUOTE_WORDS &&
      haystacks.some((sentence) => sentence.includes(normalizeForQuote(quote))) &&
      keyPointSupport(text, quote, weights) >= MIN_SUPPORT;
    return verified ? { text, covered: true, evidence: quote } : { text, covered: false };
  });
}
