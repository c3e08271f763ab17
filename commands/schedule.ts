// /coach schedule set|show|off: the channel's daily question (admins only).
import { adminOnly } from '../src/core/guards.js';
import { textReply } from '../src/core/reply.js';
import { describeSchedule } from '../src/core/schedule.js';
import { defineCoachCommand } from '../src/core/services.js';

const set = defineCoachCommand({
  name: 'set',
  description: 'Post a daily question here at a local time (admins)',
  guards: [adminOnly],
  options: [
    {
      name: 'time',
      type: 'string',
      description: 'Local time, HH:MM (24 h)',
      required: true,
      missing:
        'At what time? Usage: `schedule set 09:00 [tz=Europe/Berlin] [days=mon-fri] [topics=rag,nlp] [difficulty=2] [nudge=16:00]`',
    },
    {
      name: 'tz',
      type: 'string',
      description: 'IANA time zone, e.g. Europe/Berlin',
      keyed: true,
      autocomplete: 'timezone',
    },
    { name: 'days', type: 'string', description: 'daily, mon-fri, weekends or mon,wed,fri', keyed: true },
    {
      name: 'topics',
      type: 'string',
      description: 'Topic slugs, comma-separated (default: all)',
      keyed: true,
    },
    {
      name: 'difficulty',
      type: 'integer',
      description: '1, 2 or 3 (default: any)',
      choices: [1, 2, 3],
      keyed: true,
    },
    {
      name: 'nudge',
      type: 'string',
      description: 'HH:MM: remind members with a live streak (off by default)',
      keyed: true,
    },
  ],
  run: async ({ invocation, args, services }) => {
    const description = describeSchedule(await services.schedule.set(invocation, args));
    return textReply(
      `Scheduled: a question of the day here at ${description}. ` +
        `The answer and results come with the next one (or \`reveal\`). Change it with \`schedule set\`, stop it with \`schedule off\`.`,
      'channel',
    );
  },
});

const show = defineCoachCommand({
  name: 'show',
  description: "This channel's schedule",
  run: async ({ invocation, services }) => {
    const { subscription, description } = await services.schedule.show(invocation);
    if (!subscription.active) {
      return textReply(
        subscription.pausedReason
          ? `The schedule (${description}) is paused: ${subscription.pausedReason}. Fix it, then \`schedule set\` again.`
          : `The schedule (${description}) is off. \`schedule set\` turns it back on.`,
      );
    }
    return textReply(`Question of the day here: ${description}.`);
  },
});

const off = defineCoachCommand({
  name: 'off',
  description: "Stop this channel's daily question (admins)",
  guards: [adminOnly],
  run: async ({ invocation, services }) =>
    textReply(
      (await services.schedule.off(invocation))
        ? 'No more daily questions here. `schedule set` starts them again.'
        : 'This channel has no active schedule.',
    ),
});

export default defineCoachCommand({
  name: 'schedule',
  description: 'Daily question in this channel: set, show or off',
  subcommands: [set, show, off],
});
