// /coach reveal: the last daily question's reference answer and results, now.
import { defineCoachCommand } from '../src/core/services.js';

export default defineCoachCommand({
  name: 'reveal',
  description: "Show the last daily question's answer and results now",
  run: ({ invocation, services }) => services.schedule.reveal(invocation),
});
