import { describe, expect, it } from 'vitest';
import { GOOD_RAG_ANSWER, RAG_QUESTION } from '../support/bank.js';
import { cliEnv, runCli } from '../support/cli.js';

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
