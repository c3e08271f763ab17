// /coach timezone [zone]: show or set the member's time zone, which decides their streak days.
import { textReply } from '../src/core/reply.js';
import { defineCoachCommand } from '../src/core/services.js';

export default defineCoachCommand({
  name: 'timezone',
  description: 'Show or set your time zone (IANA name, e.g. Europe/Berlin); your streak days follow it',
  options: [
    {
      name: 'zone',
      type: 'string',
      description: 'IANA time zone, e.g. America/New_York',
      autocomplete: 'timezone',
    },
  ],
  run: async ({ invocation, args, services }) => {
    if (!args.zone) {
      const { zone, chosen } = await services.coach.timezone(invocation);
      return textReply(
        `Your time zone is \`${zone}\`${chosen ? '' : ' (from your platform; set your own with `timezone <zone>`)'}.`,
      );
    }
    const zone = await services.coach.setTimezone(invocation, args.zone);
    return textReply(`Your time zone is now \`${zone}\`. Streak days follow it from now on.`);
  },
});
