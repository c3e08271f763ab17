// Points for a graded answer: the score weighted by the question's difficulty.

export type Difficulty = 1 | 2 | 3;

/** A senior question is worth three screening questions at the same score. */
export const DIFFICULTY_WEIGHT: Record<Difficulty, number> = { 1: 1, 2: 2, 3: 3 };

/** Points for a score (0–100) at a difficulty: up to 10, 20 or 30. */
export function pointsFor(score: number, difficulty: Difficulty): number {
  const clamped = Math.min(100, Math.max(0, score));
  return Math.round((clamped / 10) * DIFFICULTY_WEIGHT[difficulty]);
}
