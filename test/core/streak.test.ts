import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeStreak, heatmap } from '../../src/core/streak.js';
import { epochDay, fromEpochDay, isoWeekday, localDateAt } from '../../src/core/time.js';

const weekdaysOnly = (date: string) => isoWeekday(date) <= 5;

describe('computeStreak', () => {
  it.each([
    { name: 'no answers', active: [], today: '2026-11-29', current: 0, longest: 0 },
    { name: 'answered today', active: ['2026-11-29'], today: '2026-11-29', current: 1, longest: 1 },
    {
      name: 'yesterday counts until today ends',
      active: ['2026-11-28'],
      today: '2026-11-29',
      current: 1,
      longest: 1,
    },
    { name: 'a missed day breaks it', active: ['2026-11-27'], today: '2026-11-29', current: 0, longest: 1 },
    {
      name: 'three in a row',
      active: ['2026-11-27', '2026-11-28', '2026-11-29'],
      today: '2026-11-29',
      current: 3,
      longest: 3,
    },
    {
      name: 'longest survives a break',
      active: ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-28', '2026-11-29'],
      today: '2026-11-29',
      current: 2,
      longest: 3,
    },
    {
      name: 'across a month and year end',
      active: ['2025-12-30', '2025-12-31', '2026-01-01'],
      today: '2026-01-02',
      current: 3,
      longest: 3,
    },
    {
      name: 'future dates are ignored',
      active: ['2026-11-29', '2026-11-30'],
      today: '2026-11-29',
      current: 1,
      longest: 1,
    },
  ])('$name', ({ active, today, current, longest }) => {
    const streak = computeStreak({ activeDates: active, today });
    expect({ current: streak.current, longest: streak.longest }).toEqual({ current, longest });
  });

  it('does not break over a weekend the schedule skips', () => {
    // Friday 2026-11-27 and Monday 2026-11-30.
    const input = { activeDates: ['2026-11-27', '2026-11-30'], today: '2026-11-30' };
    expect(computeStreak(input).current).toBe(1);
    expect(computeStreak({ ...input, isRequiredDay: weekdaysOnly }).current).toBe(2);
    // Sunday, before Monday's answer: the Friday streak is still alive.
    expect(
      computeStreak({ activeDates: ['2026-11-27'], today: '2026-11-29', isRequiredDay: weekdaysOnly })
        .current,
    ).toBe(1);
  });

  it('spends a freeze on a missed day, oldest first', () => {
    const active = ['2026-11-23', '2026-11-24', '2026-11-26']; // Wednesday 25 missed
    expect(computeStreak({ activeDates: active, today: '2026-11-26', freezes: 1 })).toEqual({
      current: 3,
      longest: 3,
      lastActiveDate: '2026-11-26',
      freezesUsed: 1,
      freezesHeld: 0,
    });
    expect(computeStreak({ activeDates: active, today: '2026-11-26', freezes: 0 })).toMatchObject({
      current: 1,
      longest: 2,
    });
  });

  it('earns a freeze every 7 counted days in a row, holds at most 2, and spends them on missed days', () => {
    const run = (from: string, days: number) =>
      Array.from({ length: days }, (_, i) => fromEpochDay(epochDay(from) + i));
    // 7 days (Mon 2 - Sun 8 March) earn one freeze; Monday 9 is missed and covered; Tuesday 10 counts.
    expect(
      computeStreak({ activeDates: [...run('2026-03-02', 7), '2026-03-10'], today: '2026-03-10' }),
    ).toMatchObject({
      current: 8,
      freezesUsed: 1,
      freezesHeld: 0,
    });
    // 21 days in a row earn three, but only two are held.
    expect(computeStreak({ activeDates: run('2026-03-02', 21), today: '2026-03-22' })).toMatchObject({
      current: 21,
      freezesHeld: 2,
    });
    // Without a freeze earned (6 days), a missed day breaks the streak.
    expect(
      computeStreak({ activeDates: [...run('2026-03-02', 6), '2026-03-09'], today: '2026-03-09' }).current,
    ).toBe(1);
  });

  it('draws the last days as a heatmap line: counted, missed, rest days and today', () => {
    expect(
      heatmap(
        {
          activeDates: ['2026-11-23', '2026-11-24', '2026-11-27'],
          today: '2026-11-30',
          isRequiredDay: weekdaysOnly,
        },
        8,
      ),
    ).toBe('■■□□■··◇');
  });

  it('follows the member-local date, not UTC, across a DST change', () => {
    // Berlin: 00:30 on Sunday 29 March (CET) and 23:30 on Monday 30 March (CEST). In UTC these are the
    // 28th and the 30th, which would look like a broken streak.
    const zone = 'Europe/Berlin';
    const active = [new Date('2026-03-28T23:30:00Z'), new Date('2026-03-30T21:30:00Z')].map((at) =>
      localDateAt(at, zone),
    );
    expect(active).toEqual(['2026-03-29', '2026-03-30']);
    expect(
      computeStreak({ activeDates: active, today: localDateAt(new Date('2026-03-31T21:00:00Z'), zone) })
        .current,
    ).toBe(2);
    // 00:30 on 1 April in Berlin: the 31st was missed.
    expect(
      computeStreak({ activeDates: active, today: localDateAt(new Date('2026-03-31T22:30:00Z'), zone) }),
    ).toMatchObject({
      current: 0,
      longest: 2,
    });
  });

  it('follows New York days across the November fall-back', () => {
    const zone = 'America/New_York';
    // 23:30 EDT on 31 Oct, then 23:30 EST on 1 Nov (a 25-hour day), then 00:15 EST on 3 Nov.
    const active = ['2026-11-01T03:30:00Z', '2026-11-02T04:30:00Z', '2026-11-03T05:15:00Z'].map((at) =>
      localDateAt(new Date(at), zone),
    );
    expect(active).toEqual(['2026-10-31', '2026-11-01', '2026-11-03']);
    expect(computeStreak({ activeDates: active, today: '2026-11-03' })).toMatchObject({
      current: 1,
      longest: 2,
    });
  });

  describe('properties', () => {
    const day = fc.integer({ min: 20_000, max: 20_400 });
    const days = fc.array(day, { maxLength: 60 });

    it('current never exceeds longest, and order or repeats of dates do not matter', () => {
      fc.assert(
        fc.property(days, day, (list, today) => {
          const dates = list.map(fromEpochDay);
          const base = computeStreak({ activeDates: dates, today: fromEpochDay(today) });
          const shuffled = computeStreak({
            activeDates: [...dates, ...dates].reverse(),
            today: fromEpochDay(today),
          });
          expect(base.current).toBeLessThanOrEqual(base.longest);
          expect(shuffled).toEqual(base);
        }),
      );
    });

    it('answering today never lowers the streak, and a freeze never does either', () => {
      fc.assert(
        fc.property(days, day, fc.integer({ min: 0, max: 3 }), (list, today, freezes) => {
          const dates = list.filter((d) => d <= today).map(fromEpochDay);
          const before = computeStreak({ activeDates: dates, today: fromEpochDay(today), freezes });
          const after = computeStreak({
            activeDates: [...dates, fromEpochDay(today)],
            today: fromEpochDay(today),
            freezes,
          });
          const moreFreezes = computeStreak({
            activeDates: dates,
            today: fromEpochDay(today),
            freezes: freezes + 1,
          });
          expect(after.current).toBeGreaterThanOrEqual(before.current);
          expect(moreFreezes.current).toBeGreaterThanOrEqual(before.current);
        }),
      );
    });
  });
});
