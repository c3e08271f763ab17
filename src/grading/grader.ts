// The Grader contract: what any grader (rubric, LLM judge, combined) takes and returns.

export type Verdict = 'correct' | 'partial' | 'incorrect';

/** Why a grade earns no points even though the answer has words in it. */
export type GradeFlag = 'empty' | 'copied_reference' | 'copied_question';

export interface GradedKeyPoint {
  text: string;
  covered: boolean;
  /** The sentence of the answer that covers the key point. */
  evidence?: string;
}

export interface Grade {
  /** 0–100, computed from the covered key points. */
  score: number;
  verdict: Verdict;
  keyPoints: GradedKeyPoint[];
  /** One or two sentences for the member. */
  feedback: string;
  grader: 'rubric' | 'llm';
  /** Set when the LLM judge failed and the rubric grader stood in. */
  fallbackReason?: string;
  flags: GradeFlag[];
  /** Other questions whose references speak to what the answer missed (never the question itself). */
  seeAlso?: { questionId: string; passage: string }[];
}

export interface GradeInput {
  question: string;
  /** The reference answer. */
  reference: string;
  answer: string;
  /** The rubric; derived from the reference when absent or empty. */
  keyPoints?: readonly string[];
  /** The bank question being answered, when there is one: "see also" never points back at it. */
  questionId?: string;
  /** Questions whose references must not be shown or used as grounding yet (open daily questions). */
  hiddenQuestionIds?: readonly string[];
}

/**
 * Grades a free-text answer against a reference and its key points.
 *
 * @example
 * const grade = await grader.grade({ question, reference, answer, keyPoints });
 * if (grade.verdict === 'correct') celebrate(grade.score);
 */
export interface Grader {
  readonly name: string;
  grade(input: GradeInput): Promise<Grade>;
}

/** correct (>= 70), partial (40–69), incorrect (< 40). */
export function verdictFor(score: number): Verdict {
  if (score >= 70) return 'correct';
  if (score >= 40) return 'partial';
  return 'incorrect';
}
