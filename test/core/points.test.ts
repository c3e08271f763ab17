import { describe, expect, it } from 'vitest';
import { pointsFor } from '../../src/core/points.js';

describe('pointsFor', () => {
  it.each([
    [100, 1, 10],
    [100, 2, 20],
    [100, 3, 30],
    [75, 1, 8], // 7.5 rounds up
    [74, 2, 15], // 14.8
    [0, 3, 0],
    [130, 1, 10], // clamped
    [-5, 2, 0],
  ] as const)('score %i at difficulty %i earns %i', (score, difficulty, points) => {
    expect(pointsFor(score, difficulty)).toBe(points);
  });
});
