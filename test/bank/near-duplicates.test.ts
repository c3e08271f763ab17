import { describe, expect, it } from 'vitest';
import { loadBankDir } from '../../src/bank/load.js';
import { findNearDuplicates, NEAR_DUPLICATE_THRESHOLD } from '../../src/bank/near-duplicates.js';
import { contentDir } from '../../src/paths.js';
import { testQuestions } from '../support/bank.js';

const withQuestion = (id: string, title: string, question: string) => {
  const base = testQuestions[0];
  if (!base) throw new Error('no test question');
  return { ...base, id, title, question };
};

describe('findNearDuplicates', () => {
  it('catches the same question reworded', () => {
    const questions = [
      withQuestion(
        'a',
        'Dropout',
        'What does dropout do during training, and why does it reduce overfitting?',
      ),
      withQuestion(
        'b',
        'Dropout and overfitting',
        'Why does dropout reduce overfitting, and what does it do while training?',
      ),
      withQuestion(
        'c',
        'Batch normalisation',
        'How does batch normalisation behave differently at training and inference time?',
      ),
    ];
    const pairs = findNearDuplicates(questions);
    expect(pairs.map((p) => [p.a.id, p.b.id])).toEqual([['a', 'b']]);
  });

  it('leaves questions on related but different asks alone', () => {
    const questions = [
      withQuestion('a', 'HNSW parameters', 'What do M and efConstruction control in an HNSW index?'),
      withQuestion(
        'b',
        'HNSW search',
        'How does efSearch trade recall for latency when querying an HNSW index?',
      ),
      withQuestion(
        'c',
        'IVF',
        'How does an IVF index choose which lists to scan, and what does nprobe change?',
      ),
    ];
    expect(findNearDuplicates(questions)).toEqual([]);
  });

  it('finds no near-duplicates in content/, with a margin below the threshold', async () => {
    const { questions } = await loadBankDir(contentDir);
    const closest = findNearDuplicates(questions, 0)[0];
    expect(closest?.similarity ?? 0).toBeLessThan(NEAR_DUPLICATE_THRESHOLD);
  });
});
