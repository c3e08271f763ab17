// /coach history: the member's last graded answers with score and the key points they missed.
import { HISTORY_LIMIT } from '../src/core/coach.js';
import { defineCoachCommand } from '../src/core/services.js';

export default defineCoachCommand({
  name: 'history',
  description: `Your last ${HISTORY_LIMIT} graded answers, with what you missed`,
  run: async ({ invocation, services }) => {
    const entries = await services.coach.history(invocation);
    if (entries.length === 0) {
      return {
        sections: [{ type: 'text', text: 'No graded answers yet. Type `question` to get started.' }],
        visibility: 'ephemeral',
      };
    }
    return {
      title: 'Your recent answers',
      sections: entries.map(({ answer, question }) => {
        const missed =
          answer.grade?.keyPoints.filter((point) => !point.covered).map((point) => point.text) ?? [];
        const practice = answer.counted ? `+${answer.points} points` : 'practice';
        return {
          type: 'text' as const,
          text:
            `**${question?.title ?? answer.questionId}** (${answer.localDate}): ${answer.grade?.score ?? '?'}/100, ` +
            `${answer.grade?.verdict ?? 'ungraded'}, ${practice}.` +
            (missed.length > 0 ? `\nMissed: ${missed.join(' · ')}` : '\nMissed nothing.'),
        };
      }),
      visibility: 'ephemeral',
    };
  },
});
