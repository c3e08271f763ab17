// Honest answers are not punished: the same content in another style scores within 10 points.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBankDir } from '../../src/bank/load.js';
import type { Question } from '../../src/bank/types.js';
import { silentLogger } from '../../src/core/logger.js';
import { createGrading } from '../../src/grading/create-grading.js';
import type { Grader } from '../../src/grading/grader.js';
import { PHRASES } from '../../src/grading/vocabulary.js';
import { contentDir, projectRoot } from '../../src/paths.js';

interface StyleCase {
  questionId: string;
  style: string;
  plain: string;
  variant: string;
}

const corpus: StyleCase[] = readFileSync(join(projectRoot, 'test/fixtures/grading/legitimate.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));

describe('legitimate answers in other styles', () => {
  let questions: Map<string, Question>;
  let rubric: Grader;

  beforeAll(async () => {
    const bank = await loadBankDir(contentDir);
    questions = new Map(bank.questions.map((q) => [q.id, q]));
    rubric = createGrading({ questions: bank.questions, llm: null, logger: silentLogger }).rubric;
  });

  it('covers answers about prompt injection, terse bullets and unusual formatting', () => {
    const styles = corpus.map((c) => c.style);
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    expect(styles.filter((s) => s.startsWith('injection-topic')).length).toBeGreaterThanOrEqual(10);
    expect(styles.filter((s) => s === 'terse-bullets').length).toBeGreaterThanOrEqual(10);
  });

  it('scores every variant within 10 points of its plain twin', async () => {
    const gaps: string[] = [];
    for (const item of corpus) {
      const question = questions.get(item.questionId);
      if (!question) throw new Error(`unknown question ${item.questionId}`);
      const grade = (answer: string) =>
        rubric.grade({
          question: question.question,
          reference: question.answer,
          keyPoints: question.keyPoints,
          answer,
        });
      const [plain, variant] = await Promise.all([grade(item.plain), grade(item.variant)]);
      if (Math.abs(plain.score - variant.score) > 10)
        gaps.push(`${item.style} on ${item.questionId}: ${plain.score} vs ${variant.score}`);
    }
    expect(gaps).toEqual([]);
  });
});

describe('the vocabulary', () => {
  it('folds every phrase into a single term', () => {
    expect(PHRASES.filter(([, term]) => /\s/.test(term))).toEqual([]);
  });
});
