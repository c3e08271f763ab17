// How much each term says: inverse document frequency over a corpus (the bank), so rare terms weigh more.
import { analyze } from './analyzer.js';

/** A term's weight; `known` says whether the corpus ever used it (absent: every term is known). */
export type TermWeights = ((term: string) => number) & { known?: (term: string) => boolean };

/**
 * IDF weights learnt from `texts` (each a document). Unseen terms get the weight of the rarest seen
 * term: a word the bank never uses is specific, not noise.
 */
export function createTermWeights(texts: readonly string[]): TermWeights {
  const df = new Map<string, number>();
  for (const text of texts) for (const term of new Set(analyze(text))) df.set(term, (df.get(term) ?? 0) + 1);
  const n = Math.max(1, texts.length);
  const idf = (count: number) => Math.log(1 + n / count);
  const unseen = idf(1);
  const weights: TermWeights = (term) => {
    const count = df.get(term);
    return count === undefined ? unseen : idf(count);
  };
  weights.known = (term) => df.has(term);
  return weights;
}

/** Every term weighs the same: for grading with no corpus at hand. */
export const uniformWeights: TermWeights = () => 1;
