// Finds questions that ask the same thing reworded: cosine similarity of TF-IDF weighted terms (stems, synonyms, acronyms).
import { analyze } from '../grading/analyzer.js';
import type { Question } from './types.js';

type Asked = Pick<Question, 'title' | 'question'>;

export interface NearDuplicate<T extends Asked = Question> {
  a: T;
  b: T;
  similarity: number;
}

/**
 * Above this cosine similarity two questions are the same question reworded. Set from the bank itself:
 * the closest distinct pairs in content/ score about 0.52 (see test/bank/near-duplicates.test.ts).
 * Lexical similarity catches rewording (reordered clauses, synonyms in the vocabulary table), not a
 * paraphrase in wholly different words: that is what the per-area review is for.
 */
export const NEAR_DUPLICATE_THRESHOLD = 0.6;

type Vector = Map<string, number>;

function vectors(texts: readonly string[]): Vector[] {
  const documents = texts.map((text) => analyze(text));
  const df = new Map<string, number>();
  for (const stems of documents) for (const stem of new Set(stems)) df.set(stem, (df.get(stem) ?? 0) + 1);
  const n = documents.length;
  return documents.map((stems) => {
    const tf = new Map<string, number>();
    for (const stem of stems) tf.set(stem, (tf.get(stem) ?? 0) + 1);
    const vector: Vector = new Map();
    let norm = 0;
    for (const [stem, count] of tf) {
      const weight = (1 + Math.log(count)) * Math.log(1 + n / (df.get(stem) ?? 1));
      vector.set(stem, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [stem, weight] of vector) vector.set(stem, weight / norm);
    return vector;
  });
}

function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [stem, weight] of small) dot += weight * (large.get(stem) ?? 0);
  return dot;
}

/** Every pair of questions whose wording (title and question) is at least `threshold` similar, most similar first. */
export function findNearDuplicates<T extends Asked>(
  questions: readonly T[],
  threshold = NEAR_DUPLICATE_THRESHOLD,
): NearDuplicate<T>[] {
  const vs = vectors(questions.map((q) => `${q.title}. ${q.question}`));
  const pairs: NearDuplicate<T>[] = [];
  for (let i = 0; i < questions.length; i++) {
    for (let j = i + 1; j < questions.length; j++) {
      const similarity = cosine(vs[i] as Vector, vs[j] as Vector);
      if (similarity >= threshold) pairs.push({ a: questions[i] as T, b: questions[j] as T, similarity });
    }
  }
  return pairs.sort((x, y) => y.similarity - x.similarity);
}
