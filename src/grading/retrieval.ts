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
  // Each posting carries its precomputed BM25 contribution (idf x saturated, length-normalised tf), so a
  // search only adds numbers: no map lookups per document.
  const postings = new Map<string, { docs: Int32Array; contributions: Float64Array }>();
  const documentsOf = new Map<string, number[]>();
  termFrequencies.forEach((tf, doc) => {
    for (const t of tf.keys()) {
      const list = documentsOf.get(t);
      if (list) list.push(doc);
      else documentsOf.set(t, [doc]);
    }
  });
  const norms = lengths.map((length) => K1 * (1 - B + (B * length) / averageLength));
  for (const [t, docs] of documentsOf) {
    const idf = Math.log(1 + (passages.length - docs.length + 0.5) / (docs.length + 0.5));
    const contributions = new Float64Array(docs.length);
    docs.forEach((doc, i) => {
      const tf = termFrequencies[doc]?.get(t) ?? 0;
      contributions[i] = (idf * tf * (K1 + 1)) / (tf + (norms[doc] ?? K1));
    });
    postings.set(t, { docs: Int32Array.from(docs), contributions });
  }
  const scores = new Float64Array(passages.length);

  return {
    size: passages.length,
    search(text, options = {}) {
      const limit = options.limit ?? 5;
      const touched: number[] = [];
      for (const t of new Set(analyze(text))) {
        const posting = postings.get(t);
        if (!posting) continue;
        const { docs, contributions } = posting;
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i] as number;
          if (scores[doc] === 0) touched.push(doc);
          scores[doc] = (scores[doc] as number) + (contributions[i] as number);
        }
      }
      // The best `limit` passages by a running selection: no sort of every touched passage.
      const best: { doc: number; score: number }[] = [];
      for (const doc of touched) {
        const score = scores[doc] as number;
        scores[doc] = 0;
        if (best.length === limit && score <= (best[limit - 1]?.score ?? 0)) continue;
        if (options.exclude?.has(passages[doc]?.questionId ?? '')) continue;
        let at = best.length;
        while (at > 0 && (best[at - 1]?.score ?? 0) < score) at--;
        best.splice(at, 0, { doc, score });
        if (best.length > limit) best.pop();
      }
      return best.map(({ doc, score }) => ({ ...(passages[doc] as Passage), score }));
    },
  };
}
