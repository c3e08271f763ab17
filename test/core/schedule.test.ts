import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AREAS, type AreaSlug, type Question } from '../../src/bank/types.js';
import { isUserError } from '../../src/core/errors.js';
import type { Difficulty } from '../../src/core/points.js';
import {
  describeSchedule,
  dueLocalDate,
  parseScheduleSpec,
  pickQuestion,
  type ScheduleInput,
  type ScheduleSpec,
  scheduledInstant,
} from '../../src/core/schedule.js';
import { epochDay, fromEpochDay, isoWeekday, type LocalDate, localDateAt } from '../../src/core/time.js';

const SLUGS = AREAS.map((area) => area.slug);
const BERLIN = { timezone: 'Europe/Berlin' };
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

const spec = (fields: Partial<ScheduleSpec> = {}): ScheduleSpec => ({
  localTime: '09:00',
  timezone: 'Europe/Berlin',
  weekdays: EVERY_DAY,
  topics: [],
  difficulty: null,
  nudgeTime: null,
  ...fields,
});

/** The parse error's message, failing the test when it does not throw `bad_schedule`. */
function parseError(input: ScheduleInput, defaults = BERLIN): string {
  try {
    parseScheduleSpec(input, defaults, SLUGS);
  } catch (error) {
    if (isUserError(error) && error.code === 'bad_schedule') return error.message;
    throw error;
  }
  throw new Error(`parsed ${JSON.stringify(input)} without complaint`);
}

describe('parseScheduleSpec', () => {
  it('fills in the defaults: every day, all topics, any difficulty, no nudge, the default zone', () => {
    expect(parseScheduleSpec({ time: '9:00' }, BERLIN, SLUGS)).toEqual({
      localTime: '09:00',
      timezone: 'Europe/Berlin',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      topics: [],
      difficulty: null,
      nudgeTime: null,
    });
  });

  it.each<[ScheduleInput, Partial<ScheduleSpec>]>([
    [{ time: '09:00' }, { localTime: '09:00' }],
    [{ time: ' 21:30 ' }, { localTime: '21:30' }],
    [{ time: '0:05' }, { localTime: '00:05' }],
    [{ time: '23:59' }, { localTime: '23:59' }],
    [{ time: '9:00', tz: 'america/new_york' }, { timezone: 'America/New_York' }],
    [{ time: '9:00', tz: 'UTC' }, { timezone: 'UTC' }],
    [{ time: '9:00', tz: '  ' }, { timezone: 'Europe/Berlin' }],
    [{ time: '9:00', days: 'daily' }, { weekdays: [1, 2, 3, 4, 5, 6, 7] }],
    [{ time: '9:00', days: 'every day' }, { weekdays: [1, 2, 3, 4, 5, 6, 7] }],
    [{ time: '9:00', days: 'weekdays' }, { weekdays: [1, 2, 3, 4, 5] }],
    [{ time: '9:00', days: 'mon-fri' }, { weekdays: [1, 2, 3, 4, 5] }],
    [{ time: '9:00', days: 'Mon–Fri' }, { weekdays: [1, 2, 3, 4, 5] }],
    [{ time: '9:00', days: 'Weekends' }, { weekdays: [6, 7] }],
    [{ time: '9:00', days: 'mon,wed,fri' }, { weekdays: [1, 3, 5] }],
    [{ time: '9:00', days: 'fri, Mon ,wed' }, { weekdays: [1, 3, 5] }],
    [{ time: '9:00', days: 'MON-THU' }, { weekdays: [1, 2, 3, 4] }],
    [{ time: '9:00', days: 'tue - thu' }, { weekdays: [2, 3, 4] }],
    [{ time: '9:00', days: 'Monday,Wednesday,sunday' }, { weekdays: [1, 3, 7] }],
    [{ time: '9:00', days: 'fri-mon' }, { weekdays: [1, 5, 6, 7] }],
    [{ time: '9:00', days: 'weekends,mon,sun' }, { weekdays: [1, 6, 7] }],
    [{ time: '9:00', topics: 'rag,nlp' }, { topics: ['rag', 'nlp'] }],
    [{ time: '9:00', topics: ' RAG , nlp,rag' }, { topics: ['rag', 'nlp'] }],
    [{ time: '9:00', difficulty: '2' }, { difficulty: 2 }],
    [{ time: '9:00', difficulty: 3 }, { difficulty: 3 }],
    [{ time: '9:00', difficulty: ' 1 ' }, { difficulty: 1 }],
    [{ time: '9:00', nudge: '17:45' }, { nudgeTime: '17:45' }],
    [{ time: '7:00', nudge: '7:05' }, { nudgeTime: '07:05' }],
  ])('%j gives %j', (input, expected) => {
    expect(parseScheduleSpec(input, BERLIN, SLUGS)).toMatchObject(expected);
  });

  it.each<[string, ScheduleInput, string[]]>([
    ['no time', {}, ['needs a time', '09:00']],
    ['a nudge before the question', { time: '9:00', nudge: '7:05' }, ['later than 09:00', '`nudge=15:00`']],
    ['a nudge at the same time', { time: '9:00', nudge: '09:00' }, ['later than 09:00']],
    ['a blank time', { time: ' ' }, ['needs a time']],
    ['24:00', { time: '24:00' }, ['"24:00"', 'HH:MM']],
    ['an hour alone', { time: '9' }, ['"9"', 'HH:MM']],
    ['a dot', { time: '9.30' }, ['"9.30"', 'HH:MM']],
    ['hour 25', { time: '25:00' }, ['"25:00"']],
    ['minute 60', { time: '12:60' }, ['"12:60"']],
    ['a word', { time: 'noon' }, ['"noon"', '`21:30`']],
    ['an unknown zone', { time: '9:00', tz: 'Mars/Olympus' }, ['"Mars/Olympus"', 'IANA', 'Europe/Berlin']],
    ['an unknown day', { time: '9:00', days: 'funday' }, ['"funday"', '`mon,wed,fri`', '`mon-thu`']],
    ['an unknown day in a list', { time: '9:00', days: 'mon,tues' }, ['"tues"', 'not a day']],
    ['two unknown days', { time: '9:00', days: 'mon,tues,thurs' }, ['"tues", "thurs"', 'not days']],
    ['an unknown day in a range', { time: '9:00', days: 'mon-xyz' }, ['"mon-xyz"']],
    ['a range of three', { time: '9:00', days: 'mon-wed-fri' }, ['"mon-wed-fri"']],
    ['no days at all', { time: '9:00', days: ',' }, ['"days=,"', 'no days']],
    [
      'an unknown topic',
      { time: '9:00', topics: 'rag,cooking' },
      ['topic "cooking"', 'Valid topics: neural-networks, nlp'],
    ],
    [
      'unknown topics',
      { time: '9:00', topics: 'cooking,knitting' },
      ['topics "cooking", "knitting"', 'evaluation'],
    ],
    ['difficulty 4', { time: '9:00', difficulty: '4' }, ['"4"', '1 (screening)', '3 (senior)']],
    ['difficulty 0', { time: '9:00', difficulty: 0 }, ['"0"']],
    ['a fraction', { time: '9:00', difficulty: 2.5 }, ['"2.5"']],
    ['a word for a difficulty', { time: '9:00', difficulty: 'hard' }, ['"hard"']],
    ['a bad nudge', { time: '9:00', nudge: '25:00' }, ['nudge time "25:00"', 'HH:MM']],
  ])('rejects %s, naming the value and the usage', (_name, input, fragments) => {
    const message = parseError(input);
    for (const fragment of fragments) expect(message).toContain(fragment);
    expect(message).toContain('Usage: `schedule set HH:MM');
  });

  it('names an unknown topic without blaming the known ones', () => {
    expect(parseError({ time: '9:00', topics: 'rag,cooking' })).not.toContain('"rag"');
  });

  it('asks for tz= when the default zone is not a zone', () => {
    expect(parseError({ time: '9:00' }, { timezone: 'Nowhere/Land' })).toContain('tz=');
    expect(parseScheduleSpec({ time: '9:00', tz: 'UTC' }, { timezone: 'Nowhere/Land' }, SLUGS).timezone).toBe(
      'UTC',
    );
  });
});

describe('describeSchedule', () => {
  it.each<[Partial<ScheduleSpec>, string]>([
    [
      { weekdays: [1, 2, 3, 4, 5], topics: ['rag', 'nlp'], difficulty: 2 },
      '09:00 Europe/Berlin, Mon–Fri, topics: rag, nlp, difficulty 2',
    ],
    [{ localTime: '07:30', timezone: 'UTC' }, '07:30 UTC, every day, all topics, any difficulty'],
    [{ weekdays: [6, 7] }, '09:00 Europe/Berlin, weekends, all topics, any difficulty'],
    [{ weekdays: [1, 3, 5] }, '09:00 Europe/Berlin, Mon, Wed, Fri, all topics, any difficulty'],
    [{ weekdays: [1, 2, 3, 4] }, '09:00 Europe/Berlin, Mon–Thu, all topics, any difficulty'],
    [{ weekdays: [2, 3, 4, 6] }, '09:00 Europe/Berlin, Tue–Thu, Sat, all topics, any difficulty'],
    [{ weekdays: [1, 2, 6, 7] }, '09:00 Europe/Berlin, Mon, Tue, Sat, Sun, all topics, any difficulty'],
    [{ weekdays: [7] }, '09:00 Europe/Berlin, Sun, all topics, any difficulty'],
    [
      { topics: ['llmops'], difficulty: 3, nudgeTime: '17:00' },
      '09:00 Europe/Berlin, every day, topics: llmops, difficulty 3, nudge at 17:00',
    ],
  ])('%j reads "%s"', (fields, expected) => {
    expect(describeSchedule(spec(fields))).toBe(expected);
  });

  it('describes days in a form that parses back to the same days', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1 }), (days) => {
        const weekdays = [...days].sort((a, b) => a - b);
        const described = describeSchedule(spec({ weekdays }))
          .replace('09:00 Europe/Berlin, ', '')
          .replace(', all topics, any difficulty', '');
        expect(parseScheduleSpec({ time: '09:00', days: described }, BERLIN, SLUGS).weekdays).toEqual(
          weekdays,
        );
      }),
    );
  });
});

/** The wall clock at `instant` in `zone`, `yyyy-MM-dd HH:mm`. */
const wallClock = (instant: Date | number, zone: string) =>
  DateTime.fromMillis(Number(instant), { zone }).toFormat('yyyy-MM-dd HH:mm');

function dueAt(schedule: ScheduleSpec, date: LocalDate): Date {
  const instant = scheduledInstant(schedule, date);
  if (!instant) throw new Error(`${date} is not scheduled`);
  return instant;
}

describe('scheduledInstant', () => {
  // Hand-worked offsets. Berlin: CET +1, CEST +2 from 2026-03-29 02:00 CET (01:00Z) until 2026-10-25
  // 03:00 CEST (01:00Z), when 02:00-02:59 happens twice. New York: EST -5, EDT -4 from 2026-03-08 02:00 EST
  // (07:00Z) until 2026-11-01 02:00 EDT (06:00Z), when 01:00-01:59 happens twice (so 02:30 happens once).
  // Auckland: NZDT +13 until 2026-04-05 03:00 (02:00-02:59 twice), NZST +12 until 2026-09-27 02:00, when
  // clocks jump to 03:00. Honolulu: HST -10 all year.
  it.each<[string, LocalDate, string, string, string]>([
    ['Europe/Berlin', '2026-01-12', '09:00', '2026-01-12T08:00:00.000Z', '09:00'],
    ['Europe/Berlin', '2026-06-15', '09:00', '2026-06-15T07:00:00.000Z', '09:00'],
    ['America/New_York', '2026-01-12', '09:00', '2026-01-12T14:00:00.000Z', '09:00'],
    ['America/New_York', '2026-06-15', '09:00', '2026-06-15T13:00:00.000Z', '09:00'],
    ['Pacific/Honolulu', '2026-06-19', '21:00', '2026-06-20T07:00:00.000Z', '21:00'],
    // Spring forward: a skipped time moves forward by the gap.
    ['Europe/Berlin', '2026-03-29', '01:30', '2026-03-29T00:30:00.000Z', '01:30'],
    ['Europe/Berlin', '2026-03-29', '02:00', '2026-03-29T01:00:00.000Z', '03:00'],
    ['Europe/Berlin', '2026-03-29', '02:30', '2026-03-29T01:30:00.000Z', '03:30'],
    ['Europe/Berlin', '2026-03-29', '03:30', '2026-03-29T01:30:00.000Z', '03:30'],
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:30:00.000Z', '03:30'],
    ['America/New_York', '2026-03-08', '03:30', '2026-03-08T07:30:00.000Z', '03:30'],
    ['Pacific/Auckland', '2026-09-27', '02:30', '2026-09-26T14:30:00.000Z', '03:30'],
    // Fall back: a repeated time is due at its first occurrence (the summer offset).
    ['Europe/Berlin', '2026-10-25', '01:30', '2026-10-24T23:30:00.000Z', '01:30'],
    ['Europe/Berlin', '2026-10-25', '02:00', '2026-10-25T00:00:00.000Z', '02:00'], // not 01:00Z
    ['Europe/Berlin', '2026-10-25', '02:30', '2026-10-25T00:30:00.000Z', '02:30'], // not 01:30Z
    ['Europe/Berlin', '2026-10-25', '03:00', '2026-10-25T02:00:00.000Z', '03:00'],
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z', '01:30'], // not 06:30Z
    ['America/New_York', '2026-11-01', '02:30', '2026-11-01T07:30:00.000Z', '02:30'],
    ['Pacific/Auckland', '2026-04-05', '02:30', '2026-04-04T13:30:00.000Z', '02:30'], // not 14:30Z
  ])('%s %s %s is due at %s (%s local)', (timezone, date, localTime, utc, local) => {
    const instant = dueAt(spec({ timezone, localTime }), date);
    expect(instant.toISOString()).toBe(utc);
    expect(wallClock(instant, timezone)).toBe(`${date} ${local}`);
  });

  it('is null on a weekday the schedule skips', () => {
    const weekdays = spec({ weekdays: [1, 2, 3, 4, 5] });
    expect(scheduledInstant(weekdays, '2026-03-28')).toBeNull(); // Saturday
    expect(scheduledInstant(weekdays, '2026-03-29')).toBeNull(); // Sunday
    expect(scheduledInstant(weekdays, '2026-03-30')?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(scheduledInstant(spec({ weekdays: [6] }), '2026-03-28')?.toISOString()).toBe(
      '2026-03-28T08:00:00.000Z',
    );
  });

  describe('whatever the date on the machine', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    // Luxon reads an ambiguous time with the offset in force when it runs: the second occurrence in winter.
    it.each(['2026-07-01T12:00:00Z', '2026-12-01T12:00:00Z'])('picks the first occurrence on %s', (today) => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(today));
      expect(dueAt(spec({ localTime: '02:30' }), '2026-10-25').toISOString()).toBe(
        '2026-10-25T00:30:00.000Z',
      );
      expect(
        dueAt(spec({ localTime: '01:30', timezone: 'America/New_York' }), '2026-11-01').toISOString(),
      ).toBe('2026-11-01T05:30:00.000Z');
    });
  });
});

describe('dueLocalDate', () => {
  const berlin = spec();
  const berlinWeekdays = spec({ weekdays: [1, 2, 3, 4, 5] });
  const auckland = spec({ timezone: 'Pacific/Auckland', weekdays: [1, 2, 3, 4, 5] });
  const honolulu = spec({ timezone: 'Pacific/Honolulu', localTime: '21:00', weekdays: [1, 2, 3, 4, 5] });
  const berlinNight = spec({ localTime: '02:30' });

  it.each<[string, ScheduleSpec, string, LocalDate | null]>([
    ['a second before 09:00 CEST', berlin, '2026-06-15T06:59:59Z', null],
    ['at 09:00 CEST', berlin, '2026-06-15T07:00:00Z', '2026-06-15'],
    ['catching up at 14:00', berlin, '2026-06-15T12:00:00Z', '2026-06-15'],
    ['at 23:59:59, the last chance', berlin, '2026-06-15T21:59:59Z', '2026-06-15'],
    ["after midnight: never yesterday's", berlin, '2026-06-15T22:00:00Z', null],
    ['the next day before 09:00', berlin, '2026-06-16T06:59:59Z', null],
    ['a Mon–Fri schedule on Friday', berlinWeekdays, '2026-06-19T10:00:00Z', '2026-06-19'],
    ['a Mon–Fri schedule on Saturday', berlinWeekdays, '2026-06-20T10:00:00Z', null],
    ['Auckland Monday 08:59:59 (UTC Sunday)', auckland, '2026-06-14T20:59:59Z', null],
    ['Auckland Monday 09:00 (UTC Sunday)', auckland, '2026-06-14T21:00:00Z', '2026-06-15'],
    ['Auckland Saturday 09:00 (UTC Friday)', auckland, '2026-06-19T21:00:00Z', null],
    ['Honolulu Friday 20:59:59', honolulu, '2026-06-20T06:59:59Z', null],
    ['Honolulu Friday 21:00 (UTC Saturday)', honolulu, '2026-06-20T07:00:00Z', '2026-06-19'],
    ['Honolulu Sunday 21:00 (UTC Monday)', honolulu, '2026-06-22T07:00:00Z', null],
    ['02:30 skipped: a second before 03:30 CEST', berlinNight, '2026-03-29T01:29:59Z', null],
    ['02:30 skipped: at 03:30 CEST', berlinNight, '2026-03-29T01:30:00Z', '2026-03-29'],
    ['02:30 twice: a second before the first', berlinNight, '2026-10-25T00:29:59Z', null],
    ['02:30 twice: at the first', berlinNight, '2026-10-25T00:30:00Z', '2026-10-25'],
  ])('%s', (_name, schedule, now, expected) => {
    expect(dueLocalDate(schedule, new Date(now))).toBe(expected);
  });
});

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Pacific/Auckland',
  'Pacific/Honolulu',
  'Asia/Kolkata',
  'Asia/Kathmandu', // +05:45
  'Australia/Lord_Howe', // a 30-minute DST shift
  'America/St_Johns', // -03:30
  'Pacific/Chatham', // +12:45, DST at 02:45
];
const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
const YEAR_MS = 365 * 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** 2026's dates on which the zone's offset changes, worked out with luxon hour by hour. */
function transitionDays(zone: string): LocalDate[] {
  const days = new Set<LocalDate>();
  for (let t = YEAR_START; t < YEAR_START + YEAR_MS; t += 3_600_000) {
    const [a, b] = [DateTime.fromMillis(t, { zone }), DateTime.fromMillis(t + 3_600_000, { zone })];
    if (a.offset !== b.offset) days.add(b.toISODate() ?? '');
  }
  return [...days];
}

const TRANSITIONS = new Map(ZONES.map((zone) => [zone, transitionDays(zone)]));
const zoneAndDate = fc.constantFrom(...ZONES).chain((zone) => {
  const changes = TRANSITIONS.get(zone) ?? [];
  const anyDay = fc.integer({ min: 0, max: 364 }).map((day) => fromEpochDay(epochDay('2026-01-01') + day));
  return fc.tuple(
    fc.constant(zone),
    changes.length > 0 ? fc.oneof(fc.constantFrom(...changes), anyDay) : anyDay,
  );
});
const clockTime = fc
  .tuple(
    fc.oneof(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 3 })),
    fc.integer({ min: 0, max: 59 }),
  )
  .map(([h, m]) => `${pad(h)}:${pad(m)}`);
const weekdaySet = fc
  .uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 })
  .map((days) => [...days].sort((a, b) => a - b));

describe('time zone properties', () => {
  it('is due at the first instant showing the scheduled time, or just after a skipped one', () => {
    fc.assert(
      fc.property(zoneAndDate, clockTime, ([timezone, date], localTime) => {
        const due = dueAt(spec({ timezone, localTime }), date).getTime();
        // Offsets are whole quarter hours, so every instant showing this wall time is on this grid.
        const showing = Array.from({ length: 17 }, (_, k) => due + (k - 8) * 900_000).filter(
          (t) => wallClock(t, timezone) === `${date} ${localTime}`,
        );
        if (showing.length > 0) {
          expect(due).toBe(Math.min(...showing));
        } else {
          const [day, clock] = wallClock(due, timezone).split(' ');
          expect(day).toBe(date);
          expect(clock && clock > localTime).toBe(true);
          expect(DateTime.fromMillis(due, { zone: timezone }).offset).not.toBe(
            DateTime.fromMillis(due - 3_600_000, { zone: timezone }).offset,
          );
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("is due only on now's own local date, once that date's time has come", () => {
    const nearDue = fc
      .tuple(zoneAndDate, clockTime, fc.integer({ min: -7_200_000, max: 7_200_000 }))
      .map(([[timezone, date], localTime, delta]) => ({
        timezone,
        localTime,
        now: dueAt(spec({ timezone, localTime }), date).getTime() + delta,
      }));
    const anyTime = fc.record({
      timezone: fc.constantFrom(...ZONES),
      localTime: clockTime,
      now: fc.integer({ min: YEAR_START, max: YEAR_START + YEAR_MS }),
    });
    fc.assert(
      fc.property(fc.oneof(nearDue, anyTime), weekdaySet, ({ timezone, localTime, now }, weekdays) => {
        const schedule = spec({ timezone, localTime, weekdays });
        const today = localDateAt(new Date(now), timezone);
        const result = dueLocalDate(schedule, new Date(now));
        if (result !== null) {
          expect(result).toBe(today);
          expect(dueAt(schedule, result).getTime()).toBeLessThanOrEqual(now);
        } else if (weekdays.includes(isoWeekday(today))) {
          expect(dueAt(schedule, today).getTime()).toBeGreaterThan(now);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

function question(id: string, area: AreaSlug, difficulty: Difficulty): Question {
  return {
    id,
    area,
    title: `Title of ${id}`,
    difficulty,
    kind: 'concept',
    tags: [],
    related: [],
    question: `Explain ${id}.`,
    answer: `Reference answer for ${id}.`,
    keyPoints: [`${id} point`],
    followUps: [],
    readMore: [],
    source: { file: 'test.md', line: 1 },
  };
}

const posts = (...ids: string[]) => ids.map((questionId) => ({ questionId }));
const idOf = (picked: Question | null) => picked?.id ?? null;

/** Posts one question a day for `days` days, newest history first, as the scheduler would. */
function rotate(candidates: readonly Question[], schedule: ScheduleSpec, days: number): (string | null)[] {
  const history: { questionId: string }[] = [];
  const picked: (string | null)[] = [];
  for (let day = 0; day < days; day++) {
    const next = pickQuestion(candidates, history, schedule, `subscription-1:${fromEpochDay(20_000 + day)}`);
    picked.push(idOf(next));
    if (next) history.unshift({ questionId: next.id });
  }
  return picked;
}

describe('pickQuestion', () => {
  const r1 = question('r1', 'rag', 1);
  const r2 = question('r2', 'rag', 2);
  const r3 = question('r3', 'rag', 1);
  const n1 = question('n1', 'nlp', 1);
  const n2 = question('n2', 'nlp', 2);
  const t1 = question('t1', 'transformers', 1);
  const all = [r1, r2, r3, n1, n2, t1];

  it.each<[string, Question[], string[], Partial<ScheduleSpec>, string | null]>([
    ['nothing to pick from', [], [], {}, null],
    ['no candidate in the topics', [r1, r2], [], { topics: ['nlp'] }, null],
    ['no candidate at the difficulty', all, [], { difficulty: 3 }, null],
    ['only the topic and difficulty asked for', all, [], { topics: ['nlp'], difficulty: 2 }, 'n2'],
    ['an area never posted before others', [r1, r2, n1, t1], ['n1', 'r1'], {}, 't1'],
    ['the area posted least recently', [r1, r2, n1, n2], ['n1', 'r1'], {}, 'r2'],
    ['then the difficulty posted least recently', [r1, r2, r3], ['r1'], {}, 'r2'],
    [
      'not one posted this cycle, whatever else was posted',
      all,
      ['n1', 'r1'],
      { topics: ['rag'], difficulty: 1 },
      'r3',
    ],
    ['the other of two', [r1, n1], ['n1'], {}, 'r1'],
    ['the older of two once both were posted', [r1, n1], ['n1', 'r1'], {}, 'r1'],
  ])('%s', (_name, candidates, history, fields, expected) => {
    expect(idOf(pickQuestion(candidates, posts(...history), spec(fields), 'seed'))).toBe(expected);
  });

  it('breaks ties with the seed (FNV-1a: "a" 0xe40c292c, "b" 0xe70c2de5, "c" 0xe60c2c52), in any order', () => {
    const equals = ['qd', 'qb', 'qa', 'qc'].map((id) => question(id, 'rag', 1));
    // Indexes into the equals sorted by id: 0x2c % 4 = 0, 0xe5 % 4 = 1, 0x52 % 4 = 2.
    expect(['a', 'b', 'c'].map((seed) => idOf(pickQuestion(equals, [], spec(), seed)))).toEqual([
      'qa',
      'qb',
      'qc',
    ]);
    expect(idOf(pickQuestion([...equals].reverse(), [], spec(), 'b'))).toBe('qb');
  });

  it('comes back to the first questions when the bank grows, instead of repeating the new one', () => {
    const bank = ['a', 'b', 'c', 'd'].map((id) => question(id, 'rag', 1));
    expect(idOf(pickQuestion(bank, posts('c', 'b', 'a', 'c', 'b', 'a'), spec(), 's'))).toBe('d');
    expect(idOf(pickQuestion(bank, posts('d', 'c', 'b', 'a', 'c', 'b', 'a'), spec(), 's'))).toBe('a');
  });

  it('never picks one of the last 30 posts, even when it was posted less often', () => {
    const bank = Array.from({ length: 31 }, (_, i) => question(`q${pad(i)}`, 'rag', 1));
    const recent = bank.slice(0, 30).map((q) => q.id);
    expect(idOf(pickQuestion(bank, posts(...recent, 'q30', 'q30', 'q30'), spec(), 's'))).toBe('q30');
  });

  it('keeps a question posted this cycle waiting, even once 30 others came after it', () => {
    // 33 questions: a full cycle q00..q32, then q00..q30 again. Only q31 and q32 are left in this cycle;
    // q00 is as rested as they are, and its area (nlp) was posted longer ago than theirs.
    const bank = Array.from({ length: 33 }, (_, i) => question(`q${pad(i)}`, i === 0 ? 'nlp' : 'rag', 1));
    const ids = bank.map((q) => q.id);
    const history = posts(...[...ids, ...ids.slice(0, 31)].reverse());
    expect(['q31', 'q32']).toContain(idOf(pickQuestion(bank, history, spec(), 's')));
  });

  it('alternates between two eligible questions', () => {
    const picks = rotate([r1, n2, t1], spec({ difficulty: 1, topics: ['rag', 'nlp', 'transformers'] }), 10);
    expect(new Set(picks)).toEqual(new Set(['r1', 't1']));
    for (let i = 1; i < picks.length; i++) expect(picks[i]).not.toBe(picks[i - 1]);
  });

  it('posts only rag questions with topics [rag]', () => {
    const picks = rotate([...all, question('r4', 'rag', 3)], spec({ topics: ['rag'] }), 12);
    expect(picks.every((id) => id?.startsWith('r'))).toBe(true);
    expect(new Set(picks)).toEqual(new Set(['r1', 'r2', 'r3', 'r4']));
  });

  const bankArbitrary = fc
    .array(fc.tuple(fc.constantFrom(...SLUGS), fc.constantFrom<Difficulty>(1, 2, 3)), { maxLength: 80 })
    .map((rows) => rows.map(([area, difficulty], i) => question(`q${pad(i)}`, area, difficulty)));
  const specArbitrary = fc
    .tuple(fc.subarray([...SLUGS]), fc.constantFrom<Difficulty | null>(null, 1, 2, 3))
    .map(([topics, difficulty]) => spec({ topics, difficulty }));

  it('rotates through every eligible question before repeating, never one of the last 30', () => {
    fc.assert(
      fc.property(bankArbitrary, specArbitrary, (bank, schedule) => {
        const eligible = new Set(
          bank
            .filter((q) => schedule.topics.length === 0 || schedule.topics.includes(q.area))
            .filter((q) => schedule.difficulty === null || q.difficulty === schedule.difficulty)
            .map((q) => q.id),
        );
        const n = eligible.size;
        const picks = rotate(bank, schedule, 60);
        if (n === 0) {
          expect(picks.every((id) => id === null)).toBe(true);
          return;
        }
        picks.forEach((id, i) => {
          expect(eligible.has(id ?? '')).toBe(true);
          // Within a cycle (n picks from the first day on) nothing repeats.
          expect(picks.slice(i - (i % n), i)).not.toContain(id);
          if (n > 30) expect(picks.slice(Math.max(0, i - 30), i)).not.toContain(id);
          // With 30 or fewer, any n days in a row show every question once.
          if (n <= 30 && i >= n) expect(id).toBe(picks[i - n]);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same question for the same inputs, whatever the order of the candidates', () => {
    fc.assert(
      fc.property(
        bankArbitrary.chain((bank) =>
          fc.tuple(
            fc.constant(bank),
            fc.shuffledSubarray(bank, { minLength: bank.length }),
            fc.array(fc.constantFrom('q00', 'q01', 'q02', 'q03', 'q04', 'gone'), { maxLength: 40 }),
          ),
        ),
        specArbitrary,
        fc.string(),
        ([bank, shuffled, history], schedule, seed) => {
          const picked = pickQuestion(bank, posts(...history), schedule, seed);
          expect(pickQuestion(shuffled, posts(...history), schedule, seed)).toBe(picked);
        },
      ),
    );
  });
});
