import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { areaForHeading, parseSeedDocument } from '../../src/bank/import.js';
import { loadBankDir } from '../../src/bank/load.js';
import { createRubricGrader } from '../../src/grading/rubric.js';
import { projectRoot } from '../../src/paths.js';
import { runCli } from '../support/cli.js';

// A copy of shared/seed/ai-ml-interview-questions.md, so the test needs nothing outside the repository.
const SEED = resolve(projectRoot, 'test/fixtures/seed/ai-ml-interview-questions.md');

describe('areaForHeading', () => {
  it.each([
    ['Artificial Neural Networks (ANN)', 'neural-networks'],
    ['Natural Language Processing (NLP)', 'nlp'],
    ['Transformers and Extended Architecture', 'transformers'],
    ['Large Language Models (LLMs)', 'llms'],
    ['RAG and Multimodal RAG', 'rag'],
    ['Fine-tuning and Model Optimization', 'fine-tuning'],
    ['Vector Databases', 'vector-databases'],
    ['System Design and Best Practices', 'llmops'],
    ['Evaluation Methods', 'evaluation'],
    ['Table of Contents', undefined],
  ])('%s -> %s', (heading, area) => {
    expect(areaForHeading(heading)).toBe(area);
  });
});

describe('parseSeedDocument', () => {
  it('reads Q:/A: pairs under numbered sections, code fences and all', () => {
    const text = [
      '## 1. Vector Databases',
      '',
      'Q: How do vector databases differ?',
      'A: They are optimised for similarity search:',
      '```python',
      'Q: not a question inside code',
      'index.add(vectors)',
      '```',
      '[Previous vector database examples remain...]',
      '',
      'Q: What is HNSW?',
      'A: A graph index.',
    ].join('\n');
    const { questions, problems } = parseSeedDocument('doc.md', text, new Set(['vector-databases-differ']));
    expect(questions.map((q) => [q.id, q.area, q.line])).toEqual([
      ['vector-databases-differ-2', 'vector-databases', 3],
      ['hnsw', 'vector-databases', 11],
    ]);
    expect(questions[0]?.answer).toBe(
      'They are optimised for similarity search:\n```python\nQ: not a question inside code\nindex.add(vectors)\n```',
    );
    expect(problems).toEqual([
      expect.objectContaining({
        line: 9,
        severity: 'warning',
        message: expect.stringContaining('dropped a line'),
      }),
    ]);
  });

  it('reports a question with no answer', () => {
    const { problems } = parseSeedDocument('doc.md', '## RAG\nQ: Why?\n\nQ: How?\nA: Like so.');
    expect(problems).toEqual([
      expect.objectContaining({ line: 2, severity: 'error', message: expect.stringContaining('no "A:"') }),
    ]);
  });
});

describe('coach bank import', () => {
  it('imports the seed document into a folder that passes bank check, graded from the references', async () => {
    const out = await mkdtemp(join(tmpdir(), 'import-'));
    const result = await runCli(['bank', 'import', SEED, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('imported 10 question(s) into 8 file(s)');
    const { questions, problems } = await loadBankDir(out, out);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(questions).toHaveLength(10);
    expect(questions.every((q) => q.origin === 'imported' && q.keyPoints.length === 0)).toBe(true);
    expect(await readFile(join(out, 'rag.md'), 'utf8')).not.toMatch(/\[Previous/);

    const rag = questions.find((q) => q.area === 'rag');
    if (!rag) throw new Error('no rag question');
    const grade = await createRubricGrader().grade({
      question: rag.question,
      reference: rag.answer,
      answer: 'RAG combines retrieval and generation.',
    });
    expect(grade.keyPoints.length).toBeGreaterThan(0);

    // Importing again adds nothing: every question is already there.
    const again = await runCli(['bank', 'import', SEED, '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout.match(/skipped: the bank already asks this/g)).toHaveLength(10);
    expect(again.stderr).toContain('imported 0 question(s)');
    expect((await loadBankDir(out, out)).questions).toHaveLength(10);
  });
});
