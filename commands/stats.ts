// /coach stats: the member's mastery per area (answered, average best score, reviews due) and the total due.
import { defineCoachCommand } from '../src/core/services.js';

export default defineCoachCommand({
  name: 'stats',
  description: 'Your mastery by area: questions answered, average score, reviews due',
  run: async ({ invocation, services }) => {
    const { byArea, dueTotal } = await services.practice.stats(invocation);
    return {
      title: 'Your mastery by area',
      sections: [
        {
          type: 'list',
          items: byArea.map(
            (row) =>
              `${row.title}: ${row.answered}/${row.total} answered` +
              (row.averageScore === null ? '' : `, average ${row.averageScore}/100`) +
              `, ${row.due} due`,
          ),
        },
        {
          type: 'context',
          text:
            dueTotal === 0
              ? 'Nothing is due for review. `practice` serves a new question.'
              : `${dueTotal} question${dueTotal === 1 ? '' : 's'} due for review: type \`practice\` to start.`,
        },
      ],
      visibility: 'ephemeral',
    };
  },
});
