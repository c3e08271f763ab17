// A channel's daily-question schedule: parsing and describing it, when a post is due, which question to post.
import { IANAZone } from 'luxon';
import { DIFFICULTY_LABELS, type Question } from '../bank/types.js';
import { UserError } from './errors.js';
import type { Difficulty } from './points.js';
import { canonicalZone, isoWeekday, type LocalDate, localDateAt } from './time.js';

/** A channel's schedule as it is stored: when, in which zone, on which days and what to post. */
export interface ScheduleSpec {
  /** Local wall-clock time of the post, `HH:MM` on a 24-hour clock. */
  localTime: string;
  /** Canonical IANA zone the time and days are read in (`Europe/Berlin`). */
  timezone: string;
  /** ISO weekdays to post on, 1 = Monday ... 7 = Sunday; sorted and unique. */
  weekdays: number[];
  /** Area slugs to draw questions from; empty means every area. */
  topics: string[];
  /** Only questions of this difficulty; null means any. */
  difficulty: Difficulty | null;
  /** Local time of a reminder to answer, `HH:MM`, or null for none. */
  nudgeTime: string | null;
}

/** The `key=value` settings of `schedule set`, as typed. A blank value counts as not given. */
export interface ScheduleInput {
  time?: string;
  tz?: string;
  days?: string;
  topics?: string;
  difficulty?: string | number;
  nudge?: string;
}

const USAGE =
  'Usage: `schedule set HH:MM [tz=Area/City] [days=mon-fri] [topics=rag,nlp] [difficulty=1|2|3] [nudge=HH:MM]`';

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const DAY_LABELS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const DAY_SETS = new Map<string, readonly number[]>([
  ['daily', EVERY_DAY],
  ['weekdays', [1, 2, 3, 4, 5]],
  ['weekday', [1, 2, 3, 4, 5]],
  ['weekends', [6, 7]],
  ['weekend', [6, 7]],
]);

function fail(message: string): never {
  throw new UserError('bad_schedule', `${message}\n${USAGE}`);
}

/** The trimmed value, or undefined when it is missing or blank. */
function given(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * Validates the settings of `schedule set` and fills in the defaults: every day, all topics, any
 * difficulty, no nudge, the zone from `defaults`.
 *
 * Throws `UserError('bad_schedule')` naming the bad value and the accepted forms.
 *
 * @example
 * parseScheduleSpec({ time: '9:00', days: 'mon-fri', topics: 'rag' }, { timezone: 'Europe/Berlin' }, ['rag', 'nlp'])
 * // { localTime: '09:00', timezone: 'Europe/Berlin', weekdays: [1, 2, 3, 4, 5], topics: ['rag'], difficulty: null, nudgeTime: null }
 */
export function parseScheduleSpec(
  input: ScheduleInput,
  defaults: { timezone: string },
  topicsKnown: readonly string[],
): ScheduleSpec {
  const time = given(input.time);
  if (time === undefined) fail('A schedule needs a time to post, such as `09:00`.');
  const localTime = parseTime(time, 'time');
  const nudge = given(input.nudge);
  const nudgeTime = nudge === undefined ? null : parseTime(nudge, 'nudge time');
  // HH:MM strings compare as times.
  if (nudgeTime !== null && nudgeTime <= localTime) {
    fail(
      `The nudge reminds people of the day's question, so it comes after it: pick a nudge time later than ${localTime}, such as \`nudge=${laterTime(localTime)}\`.`,
    );
  }
  return {
    localTime,
    timezone: parseZone(given(input.tz), defaults.timezone),
    weekdays: parseDays(given(input.days)),
    topics: parseTopics(given(input.topics), topicsKnown),
    difficulty: parseDifficulty(input.difficulty),
    nudgeTime,
  };
}

/** A few hours after `time` on the same day, for advice. */
function laterTime(time: string): string {
  const hour = Math.min(23, Number.parseInt(time.slice(0, 2), 10) + 6);
  return `${String(hour).padStart(2, '0')}:${hour === 23 && time >= '23:00' ? '59' : '00'}`;
}

function parseTime(text: string, what: 'time' | 'nudge time'): string {
  const match = TIME.exec(text);
  if (!match) {
    return fail(
      `The ${what} "${text}" is not a time I understand. Use 24-hour HH:MM, such as \`09:00\` or \`21:30\`.`,
    );
  }
  return `${(match[1] ?? '').padStart(2, '0')}:${match[2]}`;
}

function parseZone(text: string | undefined, fallback: string): string {
  const zone = canonicalZone(text ?? fallback);
  if (zone) return zone;
  if (text === undefined) {
    return fail(
      `I don't know this channel's time zone ("${fallback}"). Add one with tz=, such as \`tz=Europe/Berlin\`.`,
    );
  }
  return fail(
    `"${text}" is not a time zone I know. Use an IANA name such as \`Europe/Berlin\`, \`America/New_York\` or \`UTC\`.`,
  );
}

/** ISO weekday of `monday` or `mon`, else null. */
function dayNumber(token: string): number | null {
  const index = DAY_NAMES.findIndex((name) => token === name || token === name.slice(0, 3));
  return index < 0 ? null : index + 1;
}

/** The days of one token: `daily`, `weekends`, `wed`, `friday`, or a range `mon-thu` (`fri-mon` wraps). */
function daysOf(token: string): readonly number[] | null {
  const set = DAY_SETS.get(token);
  if (set) return set;
  const ends = token.split('-');
  if (ends.length === 1) {
    const day = dayNumber(token);
    return day === null ? null : [day];
  }
  const from = ends.length === 2 ? dayNumber(ends[0] ?? '') : null;
  const to = ends.length === 2 ? dayNumber(ends[1] ?? '') : null;
  if (from === null || to === null) return null;
  const span = (to - from + 7) % 7;
  return Array.from({ length: span + 1 }, (_, i) => ((from - 1 + i) % 7) + 1);
}

function parseDays(text: string | undefined): number[] {
  if (text === undefined) return [...EVERY_DAY];
  // Accepts what describeSchedule writes (`every day`, `Mon–Fri` with an en dash) and `mon - fri`.
  const tokens = text
    .toLowerCase()
    .replace(/\bevery\s*day\b/g, 'daily')
    .replace(/\s*[-–—]\s*/g, '-')
    .split(/[\s,]+/)
    .filter(Boolean);
  const days = new Set<number>();
  const unknown: string[] = [];
  for (const token of tokens) {
    const found = daysOf(token);
    if (found) for (const day of found) days.add(day);
    else unknown.push(token);
  }
  const advice =
    'Use `daily`, `weekdays` (or `mon-fri`), `weekends`, a list such as `mon,wed,fri` or a range such as `mon-thu`; day names may be full (`monday`) or three letters (`mon`).';
  if (unknown.length > 0) {
    const list = unknown.map((token) => `"${token}"`).join(', ');
    return fail(
      `${unknown.length === 1 ? 'This is not a day' : 'These are not days'} I know: ${list}. ${advice}`,
    );
  }
  if (days.size === 0) return fail(`"days=${text}" names no days. ${advice}`);
  return [...days].sort((a, b) => a - b);
}

function parseTopics(text: string | undefined, known: readonly string[]): string[] {
  if (text === undefined) return [];
  const topics = [
    ...new Set(
      text
        .toLowerCase()
        .split(/[\s,]+/)
        .filter(Boolean),
    ),
  ];
  const unknown = topics.filter((topic) => !known.includes(topic));
  if (unknown.length > 0) {
    const list = unknown.map((topic) => `"${topic}"`).join(', ');
    return fail(
      `I don't know the ${unknown.length === 1 ? 'topic' : 'topics'} ${list}. Valid topics: ${known.join(', ')}. Leave topics out for all of them.`,
    );
  }
  return topics;
}

function parseDifficulty(value: string | number | undefined): Difficulty | null {
  const text = typeof value === 'number' ? String(value) : given(value);
  if (text === undefined) return null;
  if (text === '1' || text === '2' || text === '3') return Number(text) as Difficulty;
  const levels = ([1, 2, 3] as const).map((level) => `${level} (${DIFFICULTY_LABELS[level]})`);
  return fail(
    `"${text}" is not a difficulty. Use ${levels[0]}, ${levels[1]} or ${levels[2]}, or leave it out for any.`,
  );
}

/** `Mon–Fri`, `every day`, `weekends`, `Mon, Wed, Fri`; runs of three or more days become ranges. */
function describeDays(weekdays: readonly number[]): string {
  const days = [...new Set(weekdays)].filter((day) => day >= 1 && day <= 7).sort((a, b) => a - b);
  const key = days.join(',');
  if (key === '1,2,3,4,5,6,7') return 'every day';
  if (key === '1,2,3,4,5') return 'Mon–Fri';
  if (key === '6,7') return 'weekends';
  if (days.length === 0) return 'no days';
  const runs: number[][] = [];
  for (const day of days) {
    const run = runs.at(-1);
    if (run && run.at(-1) === day - 1) run.push(day);
    else runs.push([day]);
  }
  const label = (day: number | undefined) => DAY_LABELS[(day ?? 1) - 1];
  return runs
    .flatMap((run) => (run.length >= 3 ? [`${label(run[0])}–${label(run.at(-1))}`] : run.map(label)))
    .join(', ');
}

/**
 * The schedule in one line for people.
 *
 * @example describeSchedule(spec) // "09:00 Europe/Berlin, Mon–Fri, topics: rag, nlp, difficulty 2"
 */
export function describeSchedule(spec: ScheduleSpec): string {
  const parts = [
    `${spec.localTime} ${spec.timezone}`,
    describeDays(spec.weekdays),
    spec.topics.length > 0 ? `topics: ${spec.topics.join(', ')}` : 'all topics',
    spec.difficulty === null ? 'any difficulty' : `difficulty ${spec.difficulty}`,
  ];
  if (spec.nudgeTime !== null) parts.push(`nudge at ${spec.nudgeTime}`);
  return parts.join(', ');
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * The instant the post is due on `localDate` in the schedule's zone, or null when that weekday is not
 * scheduled.
 *
 * Across daylight-saving changes: a time skipped when clocks jump forward is read with the offset from
 * before the jump, so it moves forward by the gap (02:30 becomes 03:30 after a one-hour jump), as
 * RFC 5545 and Temporal's `compatible` disambiguation do; a time that happens twice when clocks go back
 * is due at its first occurrence.
 */
export function scheduledInstant(spec: ScheduleSpec, localDate: LocalDate): Date | null {
  if (!spec.weekdays.includes(isoWeekday(localDate))) return null;
  return wallClockInstant(localDate, spec.localTime, spec.timezone);
}

function wallClockInstant(date: LocalDate, time: string, zoneName: string): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const clock = TIME.exec(time);
  const zone = IANAZone.create(zoneName);
  if (!day || !clock || !zone.isValid) {
    throw new RangeError(`Cannot place ${time} on ${date} in ${zoneName}`);
  }
  const [year, month, dayOfMonth, hour, minute] = [day[1], day[2], day[3], clock[1], clock[2]].map(Number);
  // The wall-clock reading as if it were UTC; each real candidate is that minus an offset in force nearby.
  const wall = Date.UTC(year ?? 0, (month ?? 1) - 1, dayOfMonth, hour, minute);
  if (new Date(wall).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`Not a calendar date: ${date}`);
  }
  // Luxon's own resolution of a repeated time depends on the offset in force at the moment it runs, so
  // the two candidates are worked out here: the offsets a day before and a day after.
  const before = zone.offset(wall - DAY_MS);
  const after = zone.offset(wall + DAY_MS);
  const valid = [before, after]
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((instant) => zone.offset(instant) * MINUTE_MS === wall - instant);
  return new Date(valid.length > 0 ? Math.min(...valid) : wall - before * MINUTE_MS);
}

/**
 * The local date (in the schedule's zone) whose post is due at `now`: today's, once its time has come,
 * when today is scheduled. Null otherwise, so a bot that was down catches up later the same local day
 * but never posts yesterday's question today.
 */
export function dueLocalDate(spec: ScheduleSpec, now: Date): LocalDate | null {
  return dueAt(now)(spec);
}

/**
 * `dueLocalDate` for many schedules at one instant: a tick checks thousands that share a few zones and
 * times, so each zone's date and each (zone, date, time, days) instant is worked out once.
 */
export function dueAt(now: Date): (spec: ScheduleSpec) => LocalDate | null {
  const localDates = new Map<string, LocalDate>();
  const instants = new Map<string, number | null>();
  return (spec) => {
    const today = localDates.get(spec.timezone) ?? localDateAt(now, spec.timezone);
    localDates.set(spec.timezone, today);
    const key = `${spec.timezone}|${today}|${spec.localTime}|${spec.weekdays.join(',')}`;
    let instant = instants.get(key);
    if (instant === undefined) {
      instant = scheduledInstant(spec, today)?.getTime() ?? null;
      instants.set(key, instant);
    }
    return instant !== null && now.getTime() >= instant ? today : null;
  };
}

/** How many of the latest posts a question must not be among, when there are enough others. */
const RECENT_POSTS = 30;

/**
 * The next question for a subscription, or null when no candidate fits its topics and difficulty.
 *
 * Rotation: a question is never one of the last 30 posted while another eligible one is not; no question
 * comes back before every eligible one has had its turn (a cycle); with 30 or fewer eligible questions the
 * rotation is strict, least recently posted first. Within those rules it mixes areas (the one posted least
 * recently first), then difficulties, then decides by a hash of `seed`. The same inputs give the same
 * question, whatever the order of `candidates`.
 *
 * @param history this subscription's posts, newest first
 * @param seed varies the choice between equals, e.g. `${subscriptionId}:${localDate}`
 */
export function pickQuestion(
  candidates: readonly Question[],
  history: readonly { questionId: string }[],
  spec: ScheduleSpec,
  seed: string,
): Question | null {
  const { byId, eligible, eligibleIds } = eligibleFor(candidates, spec);
  if (eligible.length === 0) return null;

  // Ages count posts since: 0 = the latest post, Infinity = never.
  const questionAge = new Map<string, number>();
  const areaAge = new Map<string, number>();
  const difficultyAge = new Map<number, number>();
  history.forEach(({ questionId }, index) => {
    if (!questionAge.has(questionId)) questionAge.set(questionId, index);
    const posted = byId.get(questionId);
    if (posted && !areaAge.has(posted.area)) areaAge.set(posted.area, index);
    if (posted && !difficultyAge.has(posted.difficulty)) difficultyAge.set(posted.difficulty, index);
  });
  const ageOf = (question: Question) => questionAge.get(question.id) ?? Number.POSITIVE_INFINITY;

  const usedThisCycle = currentCycle(history, eligibleIds);
  const fresh = eligible.filter((question) => !usedThisCycle.has(question.id));
  const rested = eligible.filter((question) => ageOf(question) >= RECENT_POSTS);
  if (rested.length === 0) return oldest(fresh, ageOf);

  const restedFresh = rested.filter((question) => !usedThisCycle.has(question.id));
  let pool = restedFresh.length > 0 ? restedFresh : rested;
  pool = keepOldest(pool, (question) => areaAge.get(question.area) ?? Number.POSITIVE_INFINITY);
  pool = keepOldest(pool, (question) => difficultyAge.get(question.difficulty) ?? Number.POSITIVE_INFINITY);
  return pool[fnv1a(seed) % pool.length] ?? null;
}

// A tick picks for thousands of subscriptions over one bank and a handful of topic sets: work each set out once.
const eligibleCache = new WeakMap<
  readonly Question[],
  Map<string, { byId: Map<string, Question>; eligible: Question[]; eligibleIds: Set<string> }>
>();

/** The candidates by id, and those the schedule's topics and difficulty allow, sorted by id. */
function eligibleFor(candidates: readonly Question[], spec: ScheduleSpec) {
  const key = `${spec.topics.join(',')}|${spec.difficulty ?? ''}`;
  const cached = eligibleCache.get(candidates)?.get(key);
  if (cached) return cached;
  const byId = new Map<string, Question>();
  for (const question of candidates) if (!byId.has(question.id)) byId.set(question.id, question);
  const eligible = [...byId.values()]
    .filter(
      (question) =>
        (spec.topics.length === 0 || spec.topics.includes(question.area)) &&
        (spec.difficulty === null || question.difficulty === spec.difficulty),
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const found = { byId, eligible, eligibleIds: new Set(eligible.map((question) => question.id)) };
  const perBank = eligibleCache.get(candidates) ?? new Map();
  perBank.set(key, found);
  eligibleCache.set(candidates, perBank);
  return found;
}

/**
 * Ids posted in the current cycle. Read oldest first, a cycle closes when every eligible question has been
 * posted in it; posts of questions that are no longer eligible are ignored.
 */
function currentCycle(history: readonly { questionId: string }[], ids: ReadonlySet<string>): Set<string> {
  let used = new Set<string>();
  for (let index = history.length - 1; index >= 0; index--) {
    const id = history[index]?.questionId;
    if (id === undefined || !ids.has(id)) continue;
    used.add(id);
    if (used.size === ids.size) used = new Set();
  }
  return used;
}

/** The items of greatest age (ties kept, in order). */
function keepOldest<T>(items: readonly T[], age: (item: T) => number): T[] {
  const max = Math.max(...items.map(age));
  return items.filter((item) => age(item) === max);
}

function oldest<T>(items: readonly T[], age: (item: T) => number): T | null {
  return keepOldest(items, age)[0] ?? null;
}

/** 32-bit FNV-1a of the UTF-8 bytes. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash;
}
