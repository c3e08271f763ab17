// What every command receives as ctx.services, and the helper that types a command against it.

import type { Coach } from './coach.js';
import { type Command, type CommandDefinition, defineCommand, type OptionSpec } from './command.js';
import type { PracticeService } from './practice.js';
import type { ScheduleService } from './schedule-service.js';

export interface CoachServices {
  coach: Coach;
  /** Channel schedules: set, show, off, post now, reveal. */
  schedule: ScheduleService;
  /** Spaced-repetition practice (FSRS) and per-area mastery. */
  practice: PracticeService;
  /** Every command, for `help`. */
  commands: readonly Command<CoachServices>[];
  /** Where answers go for grading, said in `help` (privacy): an LLM endpoint's host, or null when offline. */
  llmEndpoint: string | null;
}

/** `defineCommand` with `ctx.services` typed as the coach's services. */
export const defineCoachCommand = <const Os extends readonly OptionSpec[] = []>(
  definition: CommandDefinition<Os, CoachServices>,
): Command<CoachServices> => defineCommand<Os, CoachServices>(definition);
