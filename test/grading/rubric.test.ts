import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/grading/analyzer.js';
import { verdictFor } from '../../src/grading/grader.js';
import { createRubricGrader, deriveKeyPoints } from '../../src/grading/rubric.js';
import { sentences } from '../../src/grading/text.js';
import { GOOD_RAG_ANSWER, RAG_QUESTION } from '../support/bank.js';

const grader = createRubricGrader();
const gradeRag = (answer: string) =>
  grader.grade({
    question: RAG_QUESTION.question,
    reference: RAG_QUESTION.answer,
    answer,
    keyPoints: RAG_QUESTION.keyPoints,
  });

describe('rubric grader', () => {
  it('gives full marks to a complete answer in other words, quoting the answer as evidence', async () => {
    const grade = await gradeRag(GOOD_RAG_ANSWER);
    expect(grade).toMatchObject({ score: 100, verdict: 'correct', grader: 'rubric', flags: [] });
    for (const point of grade.keyPoints) {
      expect(point.covered, point.text).toBe(true);
      expect(GOOD_RAG_ANSWER.replace(/\s+/g, ' ')).toContain(point.evidence);
    }
  });

  it('gives a partial verdict to an answer that covers half the key points', async () => {
    const grade = await gradeRag(
      'The system retrieves relevant documents from an external index at query time. It then puts the retrieved passages in the prompt as context.',
    );
    expect(grade.keyPoints.map((p) => p.covered)).toEqual([true, true, false, false]);
    expect(grade.verdict).toBe('partial');
    expect(grade.score).toBeGreaterThanOrEqual(50);
    expect(grade.score).toBeLessThan(70);
    expect(grade.feedback).toBe(
      'You covered 2 of 4 key points. Start by adding: Grounding in retrieved context reduces hallucination.',
    );
  });

  it.each([
    ['empty', '   ', 'empty'],
    ['only punctuation', '?!', 'empty'],
  ])('scores an %s answer 0 and says so', async (_name, answer, flag) => {
    const grade = await gradeRag(answer);
    expect(grade).toMatchObject({ score: 0, verdict: 'incorrect', flags: [flag] });
    expect(grade.keyPoints.every((p) => !p.covered)).toBe(true);
  });

  it('scores an off-topic answer low', async () => {
    const grade = await gradeRag(
      'I like to cook pasta on Sundays and watch football with my friends in the evening.',
    );
    expect(grade.score).toBeLessThan(20);
    expect(grade.verdict).toBe('incorrect');
  });

  it('flags an answer copied from the reference and gives it nothing', async () => {
    const grade = await gradeRag(RAG_QUESTION.answer);
    expect(grade).toMatchObject({ score: 0, verdict: 'incorrect', flags: ['copied_reference'] });
    expect(grade.feedback).toMatch(/word for word/);
  });

  it('flags an answer that repeats the question', async () => {
    const grade = await gradeRag(`${RAG_QUESTION.question} ${RAG_QUESTION.question}`);
    expect(grade.flags).toEqual(['copied_question']);
    expect(grade.score).toBe(0);
  });

  it('derives key points from a reference that has none, even a single sentence', async () => {
    const grade = await grader.grade({
      question: 'What does a tokenizer do?',
      reference: 'A tokenizer splits raw text into tokens such as words or subwords.',
      answer: 'It breaks the raw text up into tokens, for example subwords.',
    });
    expect(grade.keyPoints).toEqual([
      {
        text: 'A tokenizer splits raw text into tokens such as words or subwords.',
        covered: true,
        evidence: 'It breaks the raw text up into tokens, for example subwords.',
      },
    ]);
    expect(grade.verdict).toBe('correct');
  });
});

describe('verdictFor', () => {
  it.each([
    [100, 'correct'],
    [70, 'correct'],
    [69, 'partial'],
    [40, 'partial'],
    [39, 'incorrect'],
    [0, 'incorrect'],
  ] as const)('%i is %s', (score, verdict) => {
    expect(verdictFor(score)).toBe(verdict);
  });
});

describe('text analysis', () => {
  it('stems, drops function words, folds acronyms and synonyms', () => {
    expect(analyze('The models were retrieving documents')).toEqual(['model', 'retriev', 'document']);
    expect(analyze('Retrieval-augmented generation fetches docs')).toEqual(['rag', 'retriev', 'document']);
    expect(analyze('We fine-tuned LLMs to lower latency')).toEqual(
      analyze('finetuning large language models reduces latency'),
    );
  });

  it('reads ANN by its context', () => {
    expect(analyze('an ANN index over embedding vectors')).toContain('annsearch');
    expect(analyze('an ANN with two hidden layers')).toContain('annnet');
  });

  it('splits sentences at punctuation, lines and bullets; keeps code and table lines, not fences or rules', () => {
    expect(
      sentences(
        'First one, e.g. this. Second one!\n- a bullet\n```python\nx = 1\n```\n| knob | raising it |\n|---|---|\n| M | more edges |\nLast?',
      ),
    ).toEqual([
      'First one, e.g this.',
      'Second one!',
      'a bullet',
      'x = 1',
      'knob M: raising it: more edges.',
      'Last?',
    ]);
  });

  it('derives at most five key points from a long reference, in order', () => {
    const reference = Array.from(
      { length: 8 },
      (_, i) => `Sentence number ${i} explains concept ${i} clearly enough.`,
    ).join(' ');
    const points = deriveKeyPoints(reference);
    expect(points).toHaveLength(5);
    expect(points).toEqual([...points].sort((a, b) => reference.indexOf(a) - reference.indexOf(b)));
  });
});
