// A BM25 index over the bank's reference answers and key points, for grounding the judge and "see also" pointers.
import { analyze } from './analyzer.js';
import { sentences } from './text.js';

export interface Passage {
  /** The question the passage comes from. */
  questionId: string;
  text: string;
  kind: 'key-point' | 'answer';
}

export interface RetrievedPassage extends Passage {
  score: number;
}

export interface SourceQuestion {
  id: string;
  answer: string;
  keyPoints: readonly string[];
}

export interface RetrievalIndex {
  readonly size: number;
  /**
   * The passages most relevant to `text`, best first, at most one run of `limit`; passages of the
   * questions in `exclude` never appear (the open daily question's own reference before its reveal).
   */
  search(text: string, options?: { limit?: number; exclude?: ReadonlySet<string> }): RetrievedPassage[];
}

// BM25's usual constants: term-frequency saturation and length normalisation.
const K1 = 1.2;
const B = 0.75;
/** Sentences per answer passage: long enough to hold an idea, short enough to point at it. */
const PASSAGE_SENTENCES = 3;

function passagesOf(question: SourceQuestion): Passage[] {
  const result: Passage[] = question.keyPoints.map((text) => ({
    questionId: question.id,
    text,
    kind: 'key-point',
  }));
  const list = sentences(question.answer);
  for (let i = 0; i < list.length; i += PASSAGE_SENTENCES) {
    result.push({
      questionId: question.id,
      text: list.slice(i, i + PASSAGE_SENTENCES).join(' '),
      kind: 'answer',
    });
  }
  return result;
}

/** Builds the index over every question's key points and answer (in passages of a few sentences). */
export function createRetrievalIndex(questions: readonly SourceQuestion[]): RetrievalIndex {
  const passages = questions.flatMap(passagesOf);
  const termFrequencies = passages.map((passage) => {
    const tf = new Map<string, number>();
    for (const t of analyze(passage.text)) tf.set(t, (tf.get(t) ?? 0) + 1);
    return tf;
  });
  const lengths = termFrequencies.map((tf) => [...tf.values()].reduce((sum, n) => sum + n, 0));
  const averageLength = lengths.reduce((sum, n) => sum + n, 0) / Math.max(1, lengths.length);
  const postings = new Map<string, number[]>();
  termFrequencies.forEach((tf, doc) => {
    for (const t of tf.keys()) {
      const list = postings.get(t);
      if (list) list.push(doc);
      else postings.set(t, [doc]);
    }
  });
  const idf = new Map<string, number>();
  for (const [t, docs] of postings)
    idf.set(t, Math.log(1 + (passages.length - docs.length + 0.5) / (docs.length + 0.5)));
  // Per-document length normalisation, computed once.
  const norms = lengths.map((length) => K1 * (1 - B + (B * length) / averageLength));
  const scores = new Float64Array(passages.length);

  return {
    size: passages.length,
    search(text, options = {}) {
      const limit = options.limit ?? 5;
      const touched: number[] = [];
      for (const t of new Set(analyze(text))) {
        const weight = idf.get(t);
        if (weight === undefined) continue;
        for (const doc of postings.get(t) ?? []) {
          const tf = termFrequencies[doc]?.get(t) ?? 0;
          if (scores[doc] === 0) touched.push(doc);
          scores[doc] = (scores[doc] ?? 0) + (weight * tf * (K1 + 1)) / (tf + (norms[doc] ?? K1));
        }
      }
      const hits = touched
        .filter((doc) => !options.exclude?.has(passages[doc]?.questionId ?? ''))
        .map((doc) => ({ doc, score: scores[doc] ?? 0 }))
        .sort((a, b) => b.score - a.score)
        .slice(0, limit)
        .map(({ doc, score }) => ({ ...(passages[doc] as Passage), score }));
      for (const doc of touched) scores[doc] = 0;
      return hits;
    },
  };
}
