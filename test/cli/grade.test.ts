import { describe, expect, it } from 'vitest';
import { GOOD_RAG_ANSWER, RAG_QUESTION } from '../support/bank.js';
import { cliEnv, runCli } from '../support/cli.js';
import { startFakeOpenAI } from '../support/fake-openai.js';

const line = (fields: Record<string, unknown>) => JSON.stringify(fields);

describe('coach grade', () => {
  it('grades JSONL in order, one line out per line in; a bad line gets an error and exit 1', async () => {
    const input = [
      line({
        id: 'good',
        question: RAG_QUESTION.question,
        reference: RAG_QUESTION.answer,
        answer: GOOD_RAG_ANSWER,
        keyPoints: RAG_QUESTION.keyPoints,
      }),
      '{not json',
      line({ question: 'q', reference: 'A tokenizer splits text into tokens.', answer: '' }),
      line({ id: 7, question: 'q', answer: 'missing reference' }),
    ].join('\n');
    const { code, stdout, stderr } = await runCli(['grade'], `${input}\n`);
    const out = stdout
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text));
    expect(out).toHaveLength(4);
    expect(out[0]).toMatchObject({
      id: 'good',
      score: 100,
      verdict: 'correct',
      grader: 'rubric',
      feedback: expect.any(String),
    });
    expect(out[0].keyPoints).toHaveLength(4);
    expect(out[0].keyPoints[0]).toEqual({
      text: RAG_QUESTION.keyPoints[0],
      covered: true,
      evidence: expect.any(String),
    });
    expect(out[1]).toEqual({ id: 2, error: expect.stringContaining('not valid JSON') });
    expect(out[2]).toMatchObject({ id: 3, score: 0, verdict: 'incorrect' });
    expect(out[3]).toEqual({ id: 7, error: expect.stringContaining('reference') });
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });

  it('exits 0 when every line grades', async () => {
    const { code } = await runCli(
      ['grade', '--grader', 'rubric'],
      `${line({ question: 'q', reference: 'r s t', answer: 'r s t' })}\n`,
    );
    expect(code).toBe(0);
  });

  it('exits 2 with a clear message for --grader llm without an endpoint', async () => {
    const { code, stdout, stderr } = await runCli(['grade', '--grader', 'llm'], '', cliEnv());
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('coach grade --grader llm needs an LLM endpoint');
  });
});

describe('coach grade --grader llm, end to end against a local OpenAI-compatible server', () => {
  it('grades through the judge with verified evidence, and falls back per line when the judge fails', async () => {
    const fake = await startFakeOpenAI();
    try {
      const quote = 'Those retrieved passages are put into the prompt as context';
      fake.script(
        {
          kind: 'json',
          value: {
            keyPoints: [
              { index: 1, covered: false, evidence: '' },
              { index: 2, covered: true, evidence: quote },
              { index: 3, covered: true, evidence: 'a sentence that is not in the answer at all' },
              { index: 4, covered: false, evidence: '' },
            ],
            feedback: 'Explain retrieval at query time and why it keeps knowledge current.',
          },
        },
        { kind: 'content', content: 'not json' },
      );
      const lines = [0, 1].map((id) =>
        line({
          id,
          question: RAG_QUESTION.question,
          reference: RAG_QUESTION.answer,
          answer: GOOD_RAG_ANSWER,
          keyPoints: RAG_QUESTION.keyPoints,
        }),
      );
      const env = cliEnv({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_MODEL: 'judge-1' });
      const { code, stdout } = await runCli(['grade', '--grader', 'llm'], `${lines.join('\n')}\n`, env);
      const [first, second] = stdout
        .trim()
        .split('\n')
        .map((text) => JSON.parse(text));
      expect(first).toMatchObject({
        id: 0,
        grader: 'llm',
        score: 25,
        verdict: 'incorrect',
        feedback: 'Explain retrieval at query time and why it keeps knowledge current.',
      });
      expect(first.keyPoints.map((p: { covered: boolean }) => p.covered)).toEqual([
        false,
        true,
        false,
        false,
      ]);
      expect(second).toMatchObject({ id: 1, grader: 'rubric', fallbackReason: 'malformed JSON', score: 100 });
      expect(fake.requests.map((r) => r.body.model)).toEqual(['judge-1', 'judge-1']);
      expect(code).toBe(0);
    } finally {
      await fake.close();
    }
  });
});
