// /coach streak: the member's current and longest streak of days with a counted answer.
import { textReply } from '../src/core/reply.js';
import { defineCoachCommand } from '../src/core/services.js';

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

export default defineCoachCommand({
  name: 'streak',
  description: 'Your current and longest streak',
  run: async ({ invocation, services }) => {
    const streak = await services.coach.streak(invocation);
    if (streak.current === 0) {
      return textReply(
        streak.longest > 0
          ? `No streak running; your longest was ${days(streak.longest)}. Answer a new question today to start again.`
          : 'No streak yet: answer a new question today to start one.',
      );
    }
    return textReply(`Your streak: **${days(streak.current)}** (longest ${days(streak.longest)}).`);
  },
});
