// /coach topics: the areas of the bank with how many questions each has per difficulty.
import { AREAS } from '../src/bank/types.js';
import { defineCoachCommand } from '../src/core/services.js';

export default defineCoachCommand({
  name: 'topics',
  description: 'List the topics and how many questions each has',
  run: ({ services }) => {
    const stats = services.coach.bank.stats();
    return {
      title: `Topics (${stats.total} questions)`,
      sections: [
        {
          type: 'list',
          items: AREAS.map((area) => {
            const levels = stats.byTopicDifficulty[area.slug] ?? { 1: 0, 2: 0, 3: 0 };
            return `\`${area.slug}\`: ${area.title} (${stats.byTopic[area.slug] ?? 0}: ${levels[1]} screening, ${levels[2]} mid-level, ${levels[3]} senior)`;
          }),
        },
        { type: 'context', text: 'Get one with `question <topic> [difficulty]`, e.g. `question rag 2`.' },
      ],
      visibility: 'ephemeral',
    };
  },
});
