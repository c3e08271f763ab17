import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const lines = [
  { questionId: 'retrieval-augmented-generation', answer: 'No idea, sorry.', grade: 0 },
  {
    questionId: 'retrieval-augmented-generation',
    answer:
      'RAG retrieves relevant chunks from an index at query time and puts them in the prompt, so answers are grounded in current or private data without retraining. Documents are split into chunks; hybrid search mixes BM25 with dense vectors, and a cross-encoder re-ranks the candidates.',
    grade: 4,
  },
  {
    question: 'What does a tokenizer do?',
    reference: 'A tokenizer splits raw text into tokens such as words or subwords.',
    answer: 'It breaks raw text up into tokens, for example subwords.',
    grade: 5,
    area: 'nlp',
  },
];

describe('coach eval', () => {
  it('prints agreement overall and per area, and JSON with the keys DESIGN.md names', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eval-'));
    const file = join(dir, 'graded.jsonl');
    await writeFile(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);

    const table = await runCli(['eval', file, '--grader', 'rubric']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^area\s+n\s+pearson\s+spearman\s+qwk\s+mae$/m);
    expect(table.stdout).toMatch(/^rag\s+2\s/m);
    expect(table.stdout).toMatch(/^nlp\s+1\s/m);
    expect(table.stdout).toMatch(/^all\s+3\s/m);
    expect(table.stdout).toMatch(/latency per answer: p50 [\d.]+ ms, p99 [\d.]+ ms/);

    const json = await runCli(['eval', file, '--json', '--max-grade', '5']);
    const summary = JSON.parse(json.stdout);
    expect(Object.keys(summary).sort()).toEqual(
      ['byArea', 'latencyMs', 'mae', 'n', 'pearson', 'qwk', 'spearman'].sort(),
    );
    expect(summary.n).toBe(3);
    expect(summary.pearson).toBeGreaterThan(0.5);
  });

  it('reports bad lines and exits 1; --grader llm without an endpoint exits 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eval-'));
    const file = join(dir, 'bad.jsonl');
    await writeFile(
      file,
      `${JSON.stringify(lines[0])}\n{"questionId": "no-such-question", "answer": "x", "grade": 1}\nnot json\n`,
    );
    const result = await runCli(['eval', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('unknown question no-such-question');
    expect(result.stdout).toMatch(/bad\.jsonl:3: /);
    const llm = await runCli(['eval', file, '--grader', 'llm']);
    expect(llm.code).toBe(2);
    expect(llm.stderr).toContain('coach eval --grader llm needs an LLM endpoint');
  });
});
