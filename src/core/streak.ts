// Streak rules: consecutive local days with a counted answer, fair to weekends and time zones.
import { epochDay, fromEpochDay, type LocalDate } from './time.js';

export interface StreakInput {
  /** Member-local dates on which they had a counted answer (any order, duplicates allowed). */
  activeDates: readonly LocalDate[];
  /** The member's local date now. Not having answered yet today never breaks a streak. */
  today: LocalDate;
  /**
   * Whether a day asks for an answer. Days that don't (weekends on a Mon–Fri schedule) neither break a
   * streak nor spend a freeze. Defaults to every day.
   */
  isRequiredDay?: (date: LocalDate) => boolean;
  /** Freezes held before the first active day (spent oldest first on missed required days). */
  freezes?: number;
}

/** A freeze is earned for every this many consecutive counted days... */
export const FREEZE_EVERY = 7;
/** ...and at most this many are held. */
export const MAX_FREEZES = 2;

export interface Streak {
  current: number;
  longest: number;
  lastActiveDate: LocalDate | null;
  freezesUsed: number;
  /** Freezes earned (one per 7 consecutive counted days, at most 2) and not yet spent. */
  freezesHeld: number;
}

/**
 * Computes the current and longest streak from the days a member was active.
 *
 * @example computeStreak({ activeDates: ['2026-03-02', '2026-03-03'], today: '2026-03-04' }).current // 2
 */
export function computeStreak(input: StreakInput): Streak {
  const isRequired = input.isRequiredDay ?? (() => true);
  const today = epochDay(input.today);
  const active = new Set(input.activeDates.map(epochDay).filter((day) => day <= today));
  const initial = Math.min(MAX_FREEZES, input.freezes ?? 0);
  if (active.size === 0)
    return { current: 0, longest: 0, lastActiveDate: null, freezesUsed: 0, freezesHeld: initial };

  const first = Math.min(...active);
  const last = Math.max(...active);
  let held = initial;
  let used = 0;
  let run = 0;
  // Counted days in a row (not bridged by a freeze): every 7th earns a freeze.
  let streakOfCounted = 0;
  let longest = 0;
  for (let day = first; day <= today; day++) {
    if (active.has(day)) {
      run++;
      streakOfCounted++;
      longest = Math.max(longest, run);
      if (streakOfCounted % FREEZE_EVERY === 0 && held < MAX_FREEZES) held++;
    } else if (day !== today && isRequired(fromEpochDay(day))) {
      streakOfCounted = 0;
      if (run > 0 && held > 0) {
        held--;
        used++;
      } else {
        run = 0;
      }
    }
  }
  return { current: run, longest, lastActiveDate: fromEpochDay(last), freezesUsed: used, freezesHeld: held };
}

/**
 * The last `days` local days as a line, oldest first: ■ counted, □ a required day missed, · a rest day
 * (no scheduled question) or a day before the first answer, and today as ◇ while it is not yet counted.
 *
 * @example heatmap({ activeDates: ['2026-03-02'], today: '2026-03-03' }, 3) // '□■◇'
 */
export function heatmap(input: StreakInput, days = 28): string {
  const isRequired = input.isRequiredDay ?? (() => true);
  const today = epochDay(input.today);
  const active = new Set(input.activeDates.map(epochDay));
  const first = active.size === 0 ? today : Math.min(...active);
  let line = '';
  for (let day = today - days + 1; day <= today; day++) {
    if (active.has(day)) line += '■';
    else if (day < first) line += '·';
    else if (day === today) line += '◇';
    else line += isRequired(fromEpochDay(day)) ? '□' : '·';
  }
  return line;
}
