// Every /coach command, in the order help lists them. Adding a command means adding it here.
import type { Command } from '../src/core/command.js';
import type { CoachServices } from '../src/core/services.js';
import answer from './answer.js';
import forgetMe from './forget-me.js';
import help from './help.js';
import history from './history.js';
import leaderboard from './leaderboard.js';
import next from './next.js';
import post from './post.js';
import practice from './practice.js';
import question from './question.js';
import report from './report.js';
import reveal from './reveal.js';
import schedule from './schedule.js';
import stats from './stats.js';
import streak from './streak.js';
import timezone from './timezone.js';
import topics from './topics.js';

export const commands: readonly Command<CoachServices>[] = [
  help,
  topics,
  question,
  answer,
  next,
  practice,
  history,
  streak,
  stats,
  leaderboard,
  timezone,
  schedule,
  post,
  reveal,
  report,
  forgetMe,
];
