// Calendar arithmetic in a member's or tenant's time zone: local dates, ISO weeks, months.
import { DateTime, IANAZone } from 'luxon';

/** An ISO calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

/** True for a zone the runtime's IANA database knows (`Europe/Berlin`, `UTC`), false otherwise. */
export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** The calendar date at `instant` in `zone`. */
export function localDateAt(instant: Date, zone: string): LocalDate {
  const date = DateTime.fromJSDate(instant, { zone }).toISODate();
  if (!date) throw new Error(`Invalid time zone: ${zone}`);
  return date;
}

export type Period = 'week' | 'month' | 'all';

/** The instant the current ISO week (Monday 00:00) or calendar month began in `zone`; null for all time. */
export function periodStart(period: Period, now: Date, zone: string): Date | null {
  if (period === 'all') return null;
  return DateTime.fromJSDate(now, { zone }).startOf(period).toJSDate();
}

/** The first zone that is set and valid, else UTC. */
export function firstValidZone(...zones: (string | null | undefined)[]): string {
  return zones.find((zone): zone is string => !!zone && isValidTimeZone(zone)) ?? 'UTC';
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for an ISO date; date arithmetic without time zones. */
export function epochDay(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.floor(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / DAY_MS);
}

export function fromEpochDay(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  return ((((epochDay(date) + 3) % 7) + 7) % 7) + 1;
}

/** The zone's canonical spelling (`europe/berlin` -> `Europe/Berlin`), or null when it is not a zone. */
export function canonicalZone(zone: string): string | null {
  const trimmed = zone.trim();
  if (!trimmed || !isValidTimeZone(trimmed)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
