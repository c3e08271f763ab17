// /coach streak: the member's current and longest streak of days with a counted answer.
import { textReply } from '../src/core/reply.js';
import { defineCoachCommand } from '../src/core/services.js';

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

export default defineCoachCommand({
  name: 'streak',
  description: 'Your streak: current, longest, freezes held and the last 28 days',
  run: async ({ invocation, services }) => {
    const streak = await services.coach.streak(invocation);
    const freezes = `${streak.freezesHeld} freeze${streak.freezesHeld === 1 ? '' : 's'} held (one per 7 days in a row, up to 2; a freeze covers a missed day)`;
    const lines = [
      streak.current === 0
        ? streak.longest > 0
          ? `No streak running; your longest was ${days(streak.longest)}. Answer a new question today to start again.`
          : 'No streak yet: answer a new question today to start one.'
        : `Your streak: **${days(streak.current)}** (longest ${days(streak.longest)}).`,
      `Last 28 days: \`${streak.heatmap}\` (■ answered, □ missed, · rest day or before you started, ◇ today)`,
      freezes,
    ];
    return textReply(lines.join('\n'));
  },
});
