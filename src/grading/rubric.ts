// The offline rubric grader: key-point coverage by stemmed content words, sentence by sentence.
import {
  type Grade,
  type GradedKeyPoint,
  type GradeFlag,
  type GradeInput,
  type Grader,
  verdictFor,
} from './grader.js';
import { containment, contentStems, sentences, shingles, words } from './text.js';

/** A key point counts as covered when one passage of the answer holds this share of its content stems. */
const COVERAGE_THRESHOLD = 0.5;
/** An answer whose word triples come this much from the reference (or the question) is a copy. */
const COPY_THRESHOLD = 0.8;
const COPY_MIN_WORDS = 12;
const MAX_DERIVED_KEY_POINTS = 5;

/** Key points for a reference that has none: its most contentful sentences, in order. */
export function deriveKeyPoints(reference: string): string[] {
  const candidates = sentences(reference).map((text, index) => ({
    text,
    index,
    weight: new Set(contentStems(text)).size,
  }));
  const substantial = candidates.filter((c) => c.weight >= 3);
  const pool = substantial.length > 0 ? substantial : candidates;
  return pool
    .sort((a, b) => b.weight - a.weight)
    .slice(0, MAX_DERIVED_KEY_POINTS)
    .sort((a, b) => a.index - b.index)
    .map((c) => c.text);
}

interface Passage {
  text: string;
  stems: Set<string>;
}

/** Single sentences and adjacent pairs: an idea is often spread over two sentences. */
function passages(answer: string): Passage[] {
  const list = sentences(answer);
  const result: Passage[] = list.map((text) => ({ text, stems: new Set(contentStems(text)) }));
  for (let i = 0; i + 1 < list.length; i++) {
    const text = `${list[i]} ${list[i + 1]}`;
    result.push({ text, stems: new Set(contentStems(text)) });
  }
  return result;
}

function gradeKeyPoint(
  keyPoint: string,
  answerPassages: readonly Passage[],
): { point: GradedKeyPoint; credit: number } {
  const wanted = new Set(contentStems(keyPoint));
  if (wanted.size === 0) return { point: { text: keyPoint, covered: false }, credit: 0 };
  let best = { coverage: 0, matched: 0, passage: undefined as Passage | undefined };
  for (const passage of answerPassages) {
    let matched = 0;
    for (const stem of wanted) if (passage.stems.has(stem)) matched++;
    const coverage = matched / wanted.size;
    // Prefer the higher coverage, then the shorter passage (a single sentence over a pair).
    if (
      coverage > best.coverage ||
      (coverage === best.coverage && passage.text.length < (best.passage?.text.length ?? 0))
    ) {
      best = { coverage, matched, passage };
    }
  }
  const covered = best.coverage >= COVERAGE_THRESHOLD && best.matched >= Math.min(2, wanted.size);
  const point: GradedKeyPoint = { text: keyPoint, covered };
  if (covered && best.passage) point.evidence = best.passage.text;
  // Partial credit for a key point half-stated, never more than a quarter of a covered one.
  return { point, credit: covered ? 1 : Math.min(0.25, best.coverage / 2) };
}

function feedbackFor(points: readonly GradedKeyPoint[], flags: readonly GradeFlag[]): string {
  if (flags.includes('empty')) return 'There is no answer to grade yet.';
  if (flags.includes('copied_reference'))
    return 'This answer repeats the reference answer almost word for word, so it earns no points.';
  if (flags.includes('copied_question'))
    return 'This answer repeats the question; explain the idea in your own words.';
  const covered = points.filter((p) => p.covered).length;
  if (covered === points.length) return `You covered all ${points.length} key points.`;
  if (covered === 0)
    return `None of the ${points.length} key points came through; start from the missed ones below.`;
  return `You covered ${covered} of ${points.length} key points; the missed ones are the next thing to study.`;
}

/**
 * Creates the offline grader: for every key point, the answer passage that states most of its content
 * words (after stemming); the score is the share of key points covered.
 */
export function createRubricGrader(): Grader {
  return {
    name: 'rubric',
    async grade(input: GradeInput): Promise<Grade> {
      const keyPoints = input.keyPoints?.length ? [...input.keyPoints] : deriveKeyPoints(input.reference);
      const answerWords = words(input.answer);
      const flags: GradeFlag[] = [];
      if (answerWords.length === 0) flags.push('empty');
      else if (answerWords.length >= COPY_MIN_WORDS) {
        const own = shingles(answerWords);
        if (containment(own, shingles(words(input.reference))) >= COPY_THRESHOLD)
          flags.push('copied_reference');
        else if (containment(own, shingles(words(input.question))) >= COPY_THRESHOLD)
          flags.push('copied_question');
      }

      const answerPassages = flags.length > 0 ? [] : passages(input.answer);
      const graded = keyPoints.map((keyPoint) => gradeKeyPoint(keyPoint, answerPassages));
      const credit = graded.reduce((sum, g) => sum + g.credit, 0);
      const score = graded.length === 0 ? 0 : Math.round((100 * credit) / graded.length);
      const points = graded.map((g) => g.point);
      return {
        score,
        verdict: verdictFor(score),
        keyPoints: points,
        feedback: feedbackFor(points, flags),
        grader: 'rubric',
        flags,
      };
    },
  };
}
