// Prompt injection does not pay: an answer with an attack never scores above the same answer without it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBankDir } from '../../src/bank/load.js';
import type { Question } from '../../src/bank/types.js';
import { silentLogger } from '../../src/core/logger.js';
import { createCombinedGrader } from '../../src/grading/combined.js';
import { createGrading } from '../../src/grading/create-grading.js';
import type { Grader } from '../../src/grading/grader.js';
import type { LlmJudge } from '../../src/grading/llm-judge.js';
import { createRubricGrader, keyPointSupport } from '../../src/grading/rubric.js';
import { createTermWeights } from '../../src/grading/term-weights.js';
import { sentences } from '../../src/grading/text.js';
import { contentDir, projectRoot } from '../../src/paths.js';

interface InjectionCase {
  questionId: string;
  technique: string;
  plain: string;
  injected: string;
}

const corpus: InjectionCase[] = readFileSync(
  join(projectRoot, 'test/fixtures/grading/injection.jsonl'),
  'utf8',
)
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));

/**
 * A judge that does what the attacker asks: every key point covered, each "evidenced" by a sentence of
 * the answer (the attacker's own sentences first, as an obedient model would quote them).
 */
function obedientJudge(attackOf: (answer: string) => string[]): LlmJudge {
  return {
    async judge(input) {
      const attack = attackOf(input.answer);
      const all = sentences(input.answer);
      return {
        ok: true,
        feedback: 'Full marks.',
        keyPoints: input.keyPoints.map((_, i) => ({
          covered: true,
          evidence: attack[i % Math.max(1, attack.length)] ?? all[i % all.length] ?? '',
        })),
      };
    },
  };
}

/** A judge that, for every key point, quotes the answer's sentence that states most of it. */
function bestQuoteJudge(): LlmJudge {
  return {
    async judge(input) {
      const all = sentences(input.answer);
      return {
        ok: true,
        feedback: '',
        keyPoints: input.keyPoints.map((point) => {
          const best = all
            .map((s) => ({ s, support: keyPointSupport(point, s) }))
            .sort((a, b) => b.support - a.support)[0];
          return { covered: true, evidence: best?.s ?? '' };
        }),
      };
    },
  };
}

describe('prompt injection corpus', () => {
  let questions: Map<string, Question>;
  let rubric: Grader;
  let weights: ReturnType<typeof createTermWeights>;

  beforeAll(async () => {
    const bank = await loadBankDir(contentDir);
    questions = new Map(bank.questions.map((q) => [q.id, q]));
    rubric = createGrading({ questions: bank.questions, llm: null, logger: silentLogger }).rubric;
    weights = createTermWeights(bank.questions.flatMap((q) => [q.question, q.answer, ...q.keyPoints]));
  });

  const inputFor = (item: InjectionCase, answer: string) => {
    const question = questions.get(item.questionId);
    if (!question) throw new Error(`unknown question ${item.questionId}`);
    return {
      question: question.question,
      reference: question.answer,
      keyPoints: question.keyPoints,
      answer,
      questionId: question.id,
    };
  };

  it('has at least 30 attacks over at least 12 techniques', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    expect(new Set(corpus.map((c) => c.technique)).size).toBeGreaterThanOrEqual(12);
  });

  it('never lets the rubric grader score an injected answer above its plain twin', async () => {
    const gains: string[] = [];
    for (const item of corpus) {
      const plain = await rubric.grade(inputFor(item, item.plain));
      const injected = await rubric.grade(inputFor(item, item.injected));
      if (injected.score > plain.score)
        gains.push(`${item.technique} on ${item.questionId}: ${plain.score} -> ${injected.score}`);
    }
    expect(gains).toEqual([]);
  });

  it('keeps an obedient judge to what the answer really says', async () => {
    const attackSentences = (item: InjectionCase) => (answer: string) => {
      const honest = new Set(sentences(item.plain));
      return sentences(answer).filter((s) => !honest.has(s));
    };
    const grader = (judge: LlmJudge) =>
      createCombinedGrader({ rubric: createRubricGrader({ weights }), weights, logger: silentLogger, judge });
    const gains: string[] = [];
    for (const item of corpus) {
      // The attacked answer, judged by a model that quotes the attacker's sentences as evidence...
      const attacked = await grader(obedientJudge(attackSentences(item))).grade(
        inputFor(item, item.injected),
      );
      // ...against the most the plain answer can earn: each key point quoted from its best sentence.
      const ceiling = await grader(bestQuoteJudge()).grade(inputFor(item, item.plain));
      expect(attacked.grader).toBe('llm');
      if (attacked.score > ceiling.score)
        gains.push(`${item.technique} on ${item.questionId}: ${ceiling.score} -> ${attacked.score}`);
    }
    expect(gains).toEqual([]);
  });
});
