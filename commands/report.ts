// /coach report <note>: tells the maintainers that a question or its reference answer is wrong or unclear.
import { MAX_REPORT_LENGTH } from '../src/core/coach.js';
import { textReply } from '../src/core/reply.js';
import { defineCoachCommand } from '../src/core/services.js';

export default defineCoachCommand({
  name: 'report',
  description: `Report a problem with your open question (or \`report <question-id> <note>\`), up to ${MAX_REPORT_LENGTH.toLocaleString('en-US')} characters`,
  options: [
    {
      name: 'note',
      type: 'text',
      description: 'What is wrong or unclear',
      required: true,
      missing: 'Tell me what is wrong: `report <what is wrong>` (or `report <question-id> <what is wrong>`).',
    },
  ],
  run: async ({ invocation, args, services }) => {
    const question = await services.coach.report(invocation, args.note);
    return textReply(`Thanks: your report on **${question.title}** is with the maintainers.`);
  },
});
