// A small, fixed question bank for tests, independent of how content/ grows.
import { type Bank, createBank } from '../../src/bank/bank.js';
import type { AreaSlug, Question } from '../../src/bank/types.js';
import type { Difficulty } from '../../src/core/points.js';

function question(
  id: string,
  area: AreaSlug,
  difficulty: Difficulty,
  fields: Partial<Question> = {},
): Question {
  return {
    id,
    area,
    title: `Title of ${id}`,
    difficulty,
    kind: 'concept',
    tags: [area],
    related: [],
    question: `Explain ${id}.`,
    answer: `Reference answer for ${id}.`,
    keyPoints: [`${id} point one`, `${id} point two`, `${id} point three`],
    followUps: ['Why?'],
    readMore: ['A book, ch. 1'],
    source: { file: 'test.md', line: 1 },
    ...fields,
  };
}

export const RAG_QUESTION = question('what-is-rag', 'rag', 1, {
  title: 'What is RAG?',
  question: 'What is retrieval-augmented generation and why is it used?',
  answer:
    'Retrieval-augmented generation retrieves relevant documents from an external index at query time and adds them to the prompt, so the model grounds its answer in that context. It reduces hallucination, keeps knowledge current without retraining, and lets answers cite their sources.',
  keyPoints: [
    'Relevant documents are retrieved from an external index at query time.',
    'The retrieved passages are added to the prompt as context for generation.',
    'Grounding in retrieved context reduces hallucination.',
    'Knowledge stays current without retraining the model.',
  ],
  readMore: ['Lewis et al. (2020), "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks"'],
});

/** A strong answer to RAG_QUESTION in other words. */
export const GOOD_RAG_ANSWER =
  'RAG means the system retrieves relevant documents from an external index when a query arrives. ' +
  'Those retrieved passages are put into the prompt as context, and the model generates from them. ' +
  'Because the answer is grounded in retrieved context, it reduces hallucination. ' +
  'And you keep knowledge current by updating the index, without retraining the model.';

export const testQuestions: Question[] = [
  RAG_QUESTION,
  question('rag-chunking', 'rag', 2),
  question('rag-reranking', 'rag', 3),
  question('attention-basics', 'transformers', 1),
  question('positional-encoding', 'transformers', 2),
  question('lora-basics', 'fine-tuning', 2),
];

export const createTestBank = (questions: Question[] = testQuestions): Bank => createBank(questions);
