// /coach forget-me [confirm]: deletes the member's answers and stats, after an explicit confirmation.
import { textReply } from '../src/core/reply.js';
import { defineCoachCommand } from '../src/core/services.js';

export default defineCoachCommand({
  name: 'forget-me',
  description: 'Delete your answers, streak and points (asks for confirmation)',
  options: [{ name: 'confirm', type: 'string', description: 'Type confirm to delete', choices: ['confirm'] }],
  run: async ({ invocation, args, services }) => {
    if (args.confirm !== 'confirm') {
      return textReply(
        'This deletes all your answers, your streak and your points here, for good. To go ahead, type `forget-me confirm`.',
      );
    }
    const { answers } = await services.coach.forgetMe(invocation);
    return textReply(`Done: I deleted your ${answers} answer${answers === 1 ? '' : 's'} and your stats.`);
  },
});
