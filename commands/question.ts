// /coach question [topic] [difficulty]: a question to answer, preferring ones the member has not answered.
import { questionReply } from '../src/core/replies.js';
import { defineCoachCommand } from '../src/core/services.js';

export default defineCoachCommand({
  name: 'question',
  description: 'Get a question to answer, optionally by topic and difficulty (1-3), or by its id',
  options: [
    {
      name: 'topic',
      type: 'string',
      description: 'Topic (e.g. rag, transformers) or a question id',
      autocomplete: 'topic',
    },
    {
      name: 'difficulty',
      type: 'integer',
      description: '1 screening, 2 mid-level, 3 senior',
      choices: [1, 2, 3],
    },
  ],
  run: async ({ invocation, args, services }) =>
    questionReply(
      await services.coach.question(invocation, { topic: args.topic, difficulty: args.difficulty }),
    ),
});
