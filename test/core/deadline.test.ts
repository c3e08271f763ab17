import { describe, expect, it } from 'vitest';
import { resultWithin } from '../../src/core/deadline.js';

describe('resultWithin', () => {
  it('returns work that finishes in time', async () => {
    expect(await resultWithin(Promise.resolve('reply'), 1_000)).toBe('reply');
  });

  it('gives up on work slower than the deadline, without cancelling it', async () => {
    let finish: (value: string) => void = () => {};
    const work = new Promise<string>((resolve) => {
      finish = resolve;
    });
    expect(await resultWithin(work, 0)).toBeUndefined();
    finish('late reply');
    expect(await work).toBe('late reply');
  });
});
