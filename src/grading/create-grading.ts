// Assembles grading for a bank: term weights, retrieval index, rubric grader and (when configured) the LLM judge.
import type { Logger } from '../core/logger.js';
import { createCombinedGrader } from './combined.js';
import type { Grader } from './grader.js';
import { createLlmJudge, type LlmJudgeConfig } from './llm-judge.js';
import { createRetrievalIndex, type RetrievalIndex } from './retrieval.js';
import { createRubricGrader, type RubricTuning } from './rubric.js';
import { createTermWeights } from './term-weights.js';

export interface GradingSource {
  id: string;
  question: string;
  answer: string;
  keyPoints: readonly string[];
}

export interface Grading {
  /** The grader the bot uses: the LLM judge with rubric fallback when `llm` is set, else the rubric. */
  grader: Grader;
  /** The offline grader alone. */
  rubric: Grader;
  index: RetrievalIndex;
}

/** Builds the graders over the bank's questions (their text weighs terms and feeds "see also"). */
export function createGrading(deps: {
  questions: readonly GradingSource[];
  llm: LlmJudgeConfig | null;
  logger: Logger;
  tuning?: Partial<RubricTuning>;
}): Grading {
  const weights = createTermWeights(deps.questions.flatMap((q) => [q.question, q.answer, ...q.keyPoints]));
  const index = createRetrievalIndex(deps.questions);
  const rubric = createRubricGrader({ weights, ...(deps.tuning ? { tuning: deps.tuning } : {}) });
  const judge = deps.llm ? createLlmJudge(deps.llm, { logger: deps.logger }) : undefined;
  const grader = createCombinedGrader({
    rubric,
    weights,
    index,
    logger: deps.logger,
    ...(judge ? { judge } : {}),
  });
  return { grader, rubric: createCombinedGrader({ rubric, weights, index, logger: deps.logger }), index };
}
