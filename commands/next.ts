// /coach next: another question with the same topic and difficulty as the last one.
import { questionReply } from '../src/core/replies.js';
import { defineCoachCommand } from '../src/core/services.js';

export default defineCoachCommand({
  name: 'next',
  description: 'Skip to another question on the same topic',
  run: async ({ invocation, services }) => questionReply(await services.coach.next(invocation)),
});
