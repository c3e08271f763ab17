import { describe, expect, it } from 'vitest';
import {
  agreement,
  meanAbsoluteError,
  pearson,
  quadraticWeightedKappa,
  scoreToGrade,
  spearman,
} from '../../src/grading/agreement.js';

describe('agreement statistics (hand-worked)', () => {
  it('pearson', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    // x = 1..5, y = 2,1,4,3,5: sum dxdy = 8, sum dx^2 = sum dy^2 = 10 -> r = 0.8
    expect(pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBe(0);
  });

  it('spearman averages tied ranks', () => {
    expect(spearman([10, 20, 30, 40], [1, 2, 3, 4])).toBeCloseTo(1, 12);
    // ranks of [1,2,2,3] are [1,2.5,2.5,4]; against [1,2,3,4]: r = 0.9486832980505138
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(0.9486832980505138, 12);
  });

  it('quadratic-weighted kappa', () => {
    expect(quadraticWeightedKappa([0, 1, 2, 3], [0, 1, 2, 3], 3)).toBe(1);
    // Hand-worked: a = [0,0,1,1], b = [0,1,1,1], max 1: one disagreement of weight 1 observed;
    // histograms a = [2,2], b = [1,3]; expected = (2*3 + 2*1) / 4 = 2 -> kappa = 1 - 1/2 = 0.5
    expect(quadraticWeightedKappa([0, 0, 1, 1], [0, 1, 1, 1], 1)).toBeCloseTo(0.5, 12);
  });

  it('maps scores to grades and measures MAE on the grade scale', () => {
    expect([0, 9, 10, 50, 89, 90, 100].map((s) => scoreToGrade(s, 5))).toEqual([0, 0, 1, 3, 4, 5, 5]);
    expect(meanAbsoluteError([0, 2, 5], [1, 2, 3])).toBe(1);
    expect(agreement([0, 50, 100], [0, 3, 5], 5)).toMatchObject({ n: 3, qwk: 1, mae: 0 });
  });
});
