// /coach post: this channel's question of the day, now (admins only).
import { adminOnly } from '../src/core/guards.js';
import { defineCoachCommand } from '../src/core/services.js';

export default defineCoachCommand({
  name: 'post',
  description: "Post this channel's question of the day now (admins)",
  guards: [adminOnly],
  run: ({ invocation, services }) => services.schedule.postNow(invocation),
});
