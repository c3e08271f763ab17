// /coach leaderboard [week|month|all|hide|show]: standings for a period, or opting out of / back into them.
import { textReply } from '../src/core/reply.js';
import { defineCoachCommand } from '../src/core/services.js';
import type { Period } from '../src/core/time.js';

const PERIOD_TITLES: Record<Period, string> = { week: 'this week', month: 'this month', all: 'all time' };

export default defineCoachCommand({
  name: 'leaderboard',
  description: 'Points this week, month or all time; `hide`/`show` to leave or rejoin the leaderboard',
  options: [
    {
      name: 'period',
      type: 'string',
      description: 'week (default), month or all; hide or show yourself',
      choices: ['week', 'month', 'all', 'hide', 'show'],
    },
  ],
  run: async ({ invocation, args, services }) => {
    if (args.period === 'hide' || args.period === 'show') {
      await services.coach.setLeaderboardVisibility(invocation, args.period === 'hide');
      return textReply(
        args.period === 'hide'
          ? 'You are now hidden from leaderboards. Your points still count; `leaderboard show` brings you back.'
          : 'You are back on the leaderboards.',
      );
    }
    const period: Period = args.period ?? 'week';
    const board = await services.coach.leaderboard(invocation, period);
    const title = `Leaderboard: ${PERIOD_TITLES[period]}`;
    if (board.top.length === 0) {
      return {
        title,
        sections: [{ type: 'text', text: 'No points yet. Answer a question to get on the board.' }],
        visibility: 'channel',
      };
    }
    const line = (row: (typeof board.top)[number]) =>
      `${row.rank}. ${row.name}: ${row.points} pt${row.points === 1 ? '' : 's'} (${row.answers} answer${row.answers === 1 ? '' : 's'})${row.memberId === board.caller?.memberId ? '  ← you' : ''}`;
    const items = board.top.map(line);
    if (board.caller && !board.top.some((row) => row.memberId === board.caller?.memberId)) {
      items.push('…', line(board.caller));
    }
    const footer = board.optedOut
      ? 'You are hidden from leaderboards (`leaderboard show` to rejoin).'
      : board.caller
        ? `${board.ranked} ranked.`
        : `${board.ranked} ranked. You have no points ${PERIOD_TITLES[period]} yet.`;
    return {
      title,
      sections: [
        { type: 'list', items },
        { type: 'context', text: footer },
      ],
      visibility: 'channel',
    };
  },
});
