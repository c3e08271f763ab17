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
  /** How many missed required days may be covered, spent oldest first. */
  freezes?: number;
}

export interface Streak {
  current: number;
  longest: number;
  lastActiveDate: LocalDate | null;
  freezesUsed: number;
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
  if (active.size === 0) return { current: 0, longest: 0, lastActiveDate: null, freezesUsed: 0 };

  const first = Math.min(...active);
  const last = Math.max(...active);
  let freezesLeft = input.freezes ?? 0;
  let run = 0;
  let longest = 0;
  for (let day = first; day <= today; day++) {
    if (active.has(day)) {
      run++;
      longest = Math.max(longest, run);
    } else if (day !== today && isRequired(fromEpochDay(day))) {
      if (run > 0 && freezesLeft > 0) freezesLeft--;
      else run = 0;
    }
  }
  return {
    current: run,
    longest,
    lastActiveDate: fromEpochDay(last),
    freezesUsed: (input.freezes ?? 0) - freezesLeft,
  };
}
