// /coach practice [topic]: spaced repetition (FSRS): the question most due for review, else one new to the member.
import { questionReply } from '../src/core/replies.js';
import { defineCoachCommand } from '../src/core/services.js';

export default defineCoachCommand({
  name: 'practice',
  description: 'Practise the question most due for review (spaced repetition), optionally in one topic',
  options: [
    {
      name: 'topic',
      type: 'string',
      description: 'Topic (e.g. rag, transformers)',
      autocomplete: 'topic',
    },
  ],
  run: async ({ invocation, args, services }) => {
    const { question, due, answeredBefore } = await services.practice.nextQuestion(invocation, args.topic);
    // Make it the member's open question here, so `answer` and the Answer button answer it.
    await services.coach.question(invocation, { topic: question.id });
    const reply = questionReply(question);
    const why = due
      ? 'Due for review: you answered this before. Your score sets when it comes back.'
      : answeredBefore
        ? 'Nothing is due for review and you have answered every question here: this one comes up next.'
        : 'New to you: your score sets when it comes back for review.';
    return { ...reply, sections: [...reply.sections, { type: 'context', text: why }] };
  },
});
