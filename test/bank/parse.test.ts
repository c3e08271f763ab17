import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBank } from '../../src/bank/bank.js';
import { formatProblems, loadBankDir } from '../../src/bank/load.js';
import { parseBankFile } from '../../src/bank/parse.js';
import { UserError } from '../../src/core/errors.js';
import { contentDir } from '../../src/paths.js';

const VALID = `# Retrieval-augmented generation

## What is RAG?
id: what-is-rag
difficulty: 1
kind: concept
tags: rag, retrieval
origin: seed-7

### Question
What is retrieval-augmented generation?

### Answer
RAG retrieves documents and adds them to the prompt.

\`\`\`python
# a comment inside code is not a heading
print("hi")
\`\`\`

### Key points
- Documents are retrieved at query time.
- Retrieved passages go into the prompt
  as context for generation.
- Grounding reduces hallucination.

### Follow-ups
- How do you chunk documents?

### Common mistakes
Thinking RAG retrains the model.

### Read more
- Lewis et al. (2020), "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks"
`;

describe('parseBankFile', () => {
  it('reads a well-formed question', () => {
    const { questions, problems } = parseBankFile('rag.md', 'rag', VALID);
    expect(problems).toEqual([]);
    expect(questions).toHaveLength(1);
    expect(questions[0]).toMatchObject({
      id: 'what-is-rag',
      area: 'rag',
      title: 'What is RAG?',
      difficulty: 1,
      kind: 'concept',
      tags: ['rag', 'retrieval'],
      origin: 'seed-7',
      question: 'What is retrieval-augmented generation?',
      keyPoints: [
        'Documents are retrieved at query time.',
        'Retrieved passages go into the prompt as context for generation.',
        'Grounding reduces hallucination.',
      ],
      followUps: ['How do you chunk documents?'],
      commonMistakes: 'Thinking RAG retrains the model.',
      source: { file: 'rag.md', line: 3 },
    });
    expect(questions[0]?.answer).toContain('# a comment inside code is not a heading');
  });

  const broken = (edit: (text: string) => string) => parseBankFile('rag.md', 'rag', edit(VALID));

  it.each([
    [
      'a missing id',
      (t: string) => t.replace('id: what-is-rag\n', ''),
      3,
      'question "What is RAG?" has no id',
    ],
    ['a bad id', (t: string) => t.replace('id: what-is-rag', 'id: What_Is_RAG'), 4, 'must be kebab-case'],
    [
      'a bad difficulty',
      (t: string) => t.replace('difficulty: 1', 'difficulty: 5'),
      5,
      'difficulty must be 1, 2 or 3',
    ],
    ['a bad kind', (t: string) => t.replace('kind: concept', 'kind: trivia'), 6, 'kind must be one of'],
    [
      'an unknown metadata key',
      (t: string) => t.replace('tags: rag', 'level: 2\ntags: rag'),
      7,
      'expected a metadata line',
    ],
    [
      'too few key points',
      (t: string) => t.replace('- Grounding reduces hallucination.\n', ''),
      21,
      'has 2 key points; 3 to 7',
    ],
    [
      'no follow-ups',
      (t: string) => t.replace('- How do you chunk documents?\n', ''),
      27,
      'needs at least one follow-up',
    ],
    [
      'an unknown section',
      (t: string) => t.replace('### Common mistakes', '### Pitfalls'),
      30,
      'unknown section "Pitfalls"',
    ],
    ['a placeholder', (t: string) => t.replace('Thinking RAG', 'TODO Thinking RAG'), 31, 'placeholder text'],
    ['an unclosed fence', (t: string) => t.replace('print("hi")\n```', 'print("hi")'), 16, 'never closed'],
    ['an empty answer', (t: string) => t.replace(/RAG retrieves[\s\S]*?```\n/, ''), 13, 'has no Answer'],
  ])('reports %s at its line', (_name, edit, line, message) => {
    const { problems, questions } = broken(edit);
    expect(questions).toEqual([]);
    expect(problems).toContainEqual(
      expect.objectContaining({
        file: 'rag.md',
        line,
        severity: 'error',
        message: expect.stringContaining(message),
      }),
    );
  });

  it('lets imported questions lack key points, with a warning', () => {
    const text = VALID.replace('origin: seed-7', 'origin: imported').replace(
      /### Key points[\s\S]*?### Follow-ups/,
      '### Follow-ups',
    );
    const { questions, problems } = parseBankFile('rag.md', 'rag', text);
    expect(problems.map((p) => p.severity)).toEqual(['warning']);
    expect(questions).toHaveLength(1);
  });
});

describe('loadBankDir', () => {
  it('rejects related ids that do not exist and near-duplicate questions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bank-'));
    const second = VALID.replace('id: what-is-rag', 'id: rag-defined')
      .replace('origin: seed-7', 'related: what-is-rag, no-such-question')
      .replace('## What is RAG?', '## RAG, defined');
    await writeFile(join(dir, 'rag.md'), VALID);
    await writeFile(join(dir, 'llms.md'), second.replace('# Retrieval-augmented generation', '# LLMs'));
    const { problems } = await loadBankDir(dir, dir);
    expect(formatProblems(problems)).toEqual([
      'llms.md:8: related question "no-such-question" does not exist',
      expect.stringMatching(
        /^rag\.md:3: question what-is-rag repeats rag-defined \(llms\.md:3\) in other words \(similarity 0\.\d\d\)/,
      ),
    ]);
  });

  it('rejects duplicate ids across files and files that are not areas', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bank-'));
    await writeFile(join(dir, 'rag.md'), VALID);
    await writeFile(join(dir, 'llms.md'), VALID.replace('# Retrieval-augmented generation', '# LLMs'));
    await writeFile(join(dir, 'cooking.md'), '# Cooking\n');
    await writeFile(join(dir, 'README.md'), '# Not a bank file\n');
    const { problems } = await loadBankDir(dir, dir);
    expect(formatProblems(problems)).toEqual([
      'cooking.md:1: "cooking" is not an area; files are named after one of: neural-networks, nlp, transformers, llms, rag, fine-tuning, vector-databases, llmops, evaluation',
      'rag.md:3: duplicate id "what-is-rag" (first used at llms.md:3)',
    ]);
  });
});

describe('the bank in content/', () => {
  it('passes its own checks and holds the ten seed questions, each with 3 to 7 key points', async () => {
    const { questions, problems } = await loadBankDir(contentDir);
    expect(formatProblems(problems.filter((p) => p.severity === 'error'))).toEqual([]);
    const seeds = questions.filter((q) => q.origin?.startsWith('seed-')).map((q) => q.origin);
    expect(seeds.sort((a, b) => Number(a?.slice(5)) - Number(b?.slice(5)))).toEqual(
      Array.from({ length: 10 }, (_, i) => `seed-${i + 1}`),
    );
    for (const question of questions) {
      expect(question.keyPoints.length, question.id).toBeGreaterThanOrEqual(3);
      expect(question.keyPoints.length, question.id).toBeLessThanOrEqual(7);
    }
  });

  it('covers every area: at least 30 questions, 6 per difficulty and 3 kinds each', async () => {
    const { questions } = await loadBankDir(contentDir);
    const stats = createBank(questions).stats();
    expect(stats.total).toBeGreaterThanOrEqual(270);
    for (const [area, levels] of Object.entries(stats.byTopicDifficulty)) {
      expect(stats.byTopic[area], area).toBeGreaterThanOrEqual(30);
      for (const level of ['1', '2', '3'] as const)
        expect(levels[level], `${area} difficulty ${level}`).toBeGreaterThanOrEqual(6);
      const kinds = new Set(questions.filter((q) => q.area === area).map((q) => q.kind));
      expect(kinds.size, area).toBeGreaterThanOrEqual(3);
    }
  });

  it('does not teach the errors ERRATA.md lists', async () => {
    const { questions } = await loadBankDir(contentDir);
    const byOrigin = (origin: string) => questions.find((q) => q.origin === origin);
    const stemming = byOrigin('seed-4');
    expect(stemming?.answer).not.toMatch(/stem\("better"\)\s*#\s*"?bet"?\b/);
    expect(stemming?.answer).toMatch(/pos="a"/);
    const activations = byOrigin('seed-2');
    expect(activations?.answer).toMatch(/dying ReLU/i);
    expect(activations?.answer).toMatch(/np\.maximum/);
    const imbalance = byOrigin('seed-3');
    expect(imbalance?.answer).toMatch(/training (fold|data|set)/i);
    const system = byOrigin('seed-10');
    expect(system?.answer).toMatch(/continuous batching/i);
    expect(system?.answer).not.toMatch(/await\s+\w*executor\.submit/);
  });
});

describe('createBank', () => {
  const bank = createBank(parseBankFile('rag.md', 'rag', VALID).questions);

  it('resolves topics by slug, title or unique prefix', () => {
    expect(bank.resolveTopic('rag')).toBe('rag');
    expect(bank.resolveTopic('Vector databases')).toBe('vector-databases');
    expect(bank.resolveTopic('vector')).toBe('vector-databases');
    expect(bank.resolveTopic('NLP')).toBe('nlp');
  });

  it('refuses an unknown topic with the list of topics', () => {
    expect(() => bank.resolveTopic('cooking')).toThrow(UserError);
    expect(() => bank.resolveTopic('cooking')).toThrow(
      /I don't know the topic "cooking". Topics: `neural-networks`/,
    );
  });

  it('counts by topic, difficulty and kind', () => {
    const stats = bank.stats();
    expect(stats.total).toBe(1);
    expect(stats.byTopic.rag).toBe(1);
    expect(stats.byTopic.nlp).toBe(0);
    expect(stats.byDifficulty).toEqual({ 1: 1, 2: 0, 3: 0 });
    expect(stats.byTopicDifficulty.rag).toEqual({ 1: 1, 2: 0, 3: 0 });
    expect(stats.byKind.concept).toBe(1);
  });
});
