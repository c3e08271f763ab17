// The grader the bot uses: the LLM judge with verified evidence when configured, the rubric grader otherwise or on failure.
import type { Logger } from '../core/logger.js';
import { verifyEvidence } from './evidence.js';
import { type Grade, type GradeInput, type Grader, verdictFor } from './grader.js';
import type { LlmJudge } from './llm-judge.js';
import type { RetrievalIndex } from './retrieval.js';
import { creditableSentences, deriveKeyPoints } from './rubric.js';
import type { TermWeights } from './term-weights.js';

export interface CombinedGraderDeps {
  rubric: Grader;
  weights: TermWeights;
  judge?: LlmJudge;
  index?: RetrievalIndex;
  logger: Logger;
  /** Gives up on the judge after this long (then the rubric grades). */
  judgeTimeoutMs?: number;
  /** Makes the signal that ends a slow judge call; tests pass one they abort by hand. */
  timeoutSignal?: (ms: number) => AbortSignal;
}

const SEE_ALSO = 3;

/** The question itself and any question whose reference is not revealed yet. */
const hidden = (input: GradeInput) =>
  new Set([...(input.questionId ? [input.questionId] : []), ...(input.hiddenQuestionIds ?? [])]);

/**
 * Creates the grader: with a judge, the judge decides which key points are covered and must quote the
 * answer for each; quotes are verified and the score is computed here from the verified key points. Any
 * judge failure falls back to the rubric grader, and the grade says why (`fallbackReason`).
 *
 * @example
 * const grader = createCombinedGrader({ rubric, weights, judge, index, logger });
 * const grade = await grader.grade({ question, reference, answer, keyPoints, questionId });
 */
export function createCombinedGrader(deps: CombinedGraderDeps): Grader {
  const { rubric, judge, index, weights, logger } = deps;
  const timeoutSignal = deps.timeoutSignal ?? ((ms: number) => AbortSignal.timeout(ms));

  const seeAlso = (input: GradeInput, grade: Grade): Grade => {
    if (!index) return grade;
    const missed = grade.keyPoints.filter((p) => !p.covered).map((p) => p.text);
    if (missed.length === 0) return grade;
    const exclude = hidden(input);
    const seen = new Set<string>();
    const related = index
      .search(missed.join(' '), { limit: 12, exclude })
      .filter((hit) => !seen.has(hit.questionId) && seen.add(hit.questionId))
      .slice(0, SEE_ALSO)
      .map((hit) => ({ questionId: hit.questionId, passage: hit.text }));
    return related.length > 0 ? { ...grade, seeAlso: related } : grade;
  };

  return {
    name: judge ? 'llm' : 'rubric',
    async grade(input) {
      const keyPoints = input.keyPoints?.length ? [...input.keyPoints] : deriveKeyPoints(input.reference);
      const offline = await rubric.grade({ ...input, keyPoints });
      // Empty or copied answers are settled without asking anyone.
      if (!judge || offline.flags.length > 0) return seeAlso(input, offline);

      const context = index
        ?.search(input.answer, { limit: 3, exclude: hidden(input) })
        .map((hit) => hit.text);
      const result = await judge.judge(
        {
          question: input.question,
          reference: input.reference,
          answer: input.answer,
          keyPoints,
          ...(context ? { context } : {}),
        },
        timeoutSignal(deps.judgeTimeoutMs ?? 30_000),
      );
      if (!result.ok) {
        logger.warn({ reason: result.reason }, 'LLM judge failed; graded offline');
        return seeAlso(input, { ...offline, fallbackReason: result.reason });
      }
      const creditable = creditableSentences(
        input.answer,
        input.question,
        input.reference,
        keyPoints,
        weights,
      );
      const verified = verifyEvidence(creditable, keyPoints, result.keyPoints, weights);
      const covered = verified.filter((p) => p.covered).length;
      const score = Math.round((100 * covered) / keyPoints.length);
      const discarded = result.keyPoints.filter((p) => p.covered).length - covered;
      if (discarded > 0) logger.info({ discarded }, 'discarded key points whose evidence did not check out');
      return seeAlso(input, {
        score,
        verdict: verdictFor(score),
        keyPoints: verified,
        feedback: result.feedback.trim().slice(0, 600) || offline.feedback,
        grader: 'llm',
        flags: [],
      });
    },
  };
}
