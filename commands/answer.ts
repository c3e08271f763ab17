// /coach answer <text>: commits the answer, acknowledges it, then grades it in a follow-up.
import { MAX_ANSWER_LENGTH } from '../src/core/coach.js';
import { gradeReply } from '../src/core/replies.js';
import { defineCoachCommand } from '../src/core/services.js';

export default defineCoachCommand({
  name: 'answer',
  description: `Answer your open question in your own words (up to ${MAX_ANSWER_LENGTH.toLocaleString('en-US')} characters)`,
  options: [
    {
      name: 'text',
      type: 'text',
      description: 'Your answer',
      required: true,
      missing: 'Your answer is empty. Write it after the command: `answer <your answer>`.',
    },
  ],
  run: async ({ invocation, args, services }) => {
    const { answer, question, duplicate } = await services.coach.submitAnswer(invocation, args.text);
    return {
      sections: [
        {
          type: 'text',
          text: duplicate
            ? `I already have this answer to **${question.title}**; here is its grade.`
            : `Got your answer to **${question.title}**. Grading it now…`,
        },
      ],
      visibility: 'ephemeral',
      followUp: async () => gradeReply(await services.coach.gradeAnswer(answer.id)),
    };
  },
});
