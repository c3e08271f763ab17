import { describe, expect, it } from 'vitest';
import { createRetrievalIndex } from '../../src/grading/retrieval.js';

const questions = [
  {
    id: 'hnsw',
    answer:
      'HNSW builds a layered proximity graph. efSearch sets the candidate list size at query time and trades recall for latency.',
    keyPoints: ['efSearch trades recall against latency at query time.'],
  },
  {
    id: 'lora',
    answer:
      'Low-rank adaptation freezes the base weights and trains two small matrices whose product is the update.',
    keyPoints: ['LoRA trains a low-rank update while the pre-trained weights stay frozen.'],
  },
  {
    id: 'mlp',
    answer: 'An artificial neural network stacks layers of weighted sums and non-linear activations.',
    keyPoints: ['Hidden layers with non-linear activations let the network model non-linear functions.'],
  },
];

describe('retrieval index', () => {
  const index = createRetrievalIndex(questions);

  it('finds the passages of the question an answer is about, acronyms and expansions alike', () => {
    expect(index.search('What does LoRA freeze?')[0]?.questionId).toBe('lora');
    expect(index.search('which weights does low rank adaptation keep frozen')[0]?.questionId).toBe('lora');
    expect(index.search('raise efSearch for better recall')[0]).toMatchObject({
      questionId: 'hnsw',
      kind: 'key-point',
    });
  });

  it('reads "ANN" by its context', () => {
    expect(index.search('an ANN index over vectors with a recall target')[0]?.questionId).toBe('hnsw');
    expect(index.search('an ANN with two hidden layers')[0]?.questionId).toBe('mlp');
  });

  it('never returns an excluded question, and respects the limit', () => {
    const hits = index.search('LoRA weights layers recall', { limit: 2, exclude: new Set(['lora']) });
    expect(hits.length).toBeLessThanOrEqual(2);
    expect(hits.map((h) => h.questionId)).not.toContain('lora');
  });

  it('gives the same results on repeated searches (no state leaks between calls)', () => {
    const first = index.search('efSearch recall latency');
    expect(index.search('efSearch recall latency')).toEqual(first);
  });
});
