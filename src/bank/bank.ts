// The loaded bank: look-ups by id, area and topic, and the statistics `bank stats` prints.
import { UserError } from '../core/errors.js';
import type { Difficulty } from '../core/points.js';
import { AREAS, type AreaSlug, KINDS, type Question } from './types.js';

export interface BankStats {
  total: number;
  byTopic: Record<string, number>;
  byDifficulty: Record<'1' | '2' | '3', number>;
  byTopicDifficulty: Record<string, Record<'1' | '2' | '3', number>>;
  byKind: Record<string, number>;
}

export interface Bank {
  readonly questions: readonly Question[];
  byId(id: string): Question | undefined;
  /** Questions matching an optional area and difficulty. */
  filter(criteria: { area?: AreaSlug; difficulty?: Difficulty }): Question[];
  /**
   * The area a member means by `topic`: its slug, a unique prefix (`vector`), or its title.
   * Throws a UserError listing the topics when nothing matches.
   */
  resolveTopic(topic: string): AreaSlug;
  stats(): BankStats;
}

const emptyLevels = (): Record<'1' | '2' | '3', number> => ({ 1: 0, 2: 0, 3: 0 });

export function createBank(questions: readonly Question[]): Bank {
  const byId = new Map(questions.map((question) => [question.id, question]));
  return {
    questions,
    byId: (id) => byId.get(id),
    filter: ({ area, difficulty }) =>
      questions.filter(
        (q) =>
          (area === undefined || q.area === area) &&
          (difficulty === undefined || q.difficulty === difficulty),
      ),
    resolveTopic(topic) {
      const wanted = topic.trim().toLowerCase();
      const exact = AREAS.find((a) => a.slug === wanted || a.title.toLowerCase() === wanted);
      if (exact) return exact.slug;
      const prefixed = AREAS.filter((a) => a.slug.startsWith(wanted));
      if (wanted.length >= 2 && prefixed.length === 1 && prefixed[0]) return prefixed[0].slug;
      throw new UserError(
        'unknown_topic',
        `I don't know the topic "${topic}". Topics: ${AREAS.map((a) => `\`${a.slug}\``).join(', ')}.`,
      );
    },
    stats() {
      const stats: BankStats = {
        total: questions.length,
        byTopic: Object.fromEntries(AREAS.map((a) => [a.slug, 0])),
        byDifficulty: emptyLevels(),
        byTopicDifficulty: Object.fromEntries(AREAS.map((a) => [a.slug, emptyLevels()])),
        byKind: Object.fromEntries(KINDS.map((kind) => [kind, 0])),
      };
      for (const q of questions) {
        const level = String(q.difficulty) as '1' | '2' | '3';
        stats.byTopic[q.area] = (stats.byTopic[q.area] ?? 0) + 1;
        stats.byDifficulty[level]++;
        const perArea = stats.byTopicDifficulty[q.area];
        if (perArea) perArea[level]++;
        stats.byKind[q.kind] = (stats.byKind[q.kind] ?? 0) + 1;
      }
      return stats;
    },
  };
}
