import { describe, expect, it } from 'vitest';
import { isoWeekday, isValidTimeZone, localDateAt, periodStart } from '../../src/core/time.js';

describe('localDateAt', () => {
  // Hand-worked: Berlin is UTC+1 until 2026-03-29 01:00Z, then UTC+2, and back to UTC+1 at 2026-10-25 01:00Z.
  // New York is UTC-5 until 2026-03-08 07:00Z, then UTC-4, and back to UTC-5 at 2026-11-01 06:00Z.
  it.each([
    ['2026-03-28T22:59:59Z', 'Europe/Berlin', '2026-03-28'], // 23:59:59 CET
    ['2026-03-28T23:00:00Z', 'Europe/Berlin', '2026-03-29'], // 00:00 CET, the night of the switch
    ['2026-03-29T21:59:59Z', 'Europe/Berlin', '2026-03-29'], // 23:59:59 CEST
    ['2026-03-29T22:00:00Z', 'Europe/Berlin', '2026-03-30'], // 00:00 CEST: midnight moved an hour in UTC
    ['2026-10-24T21:59:59Z', 'Europe/Berlin', '2026-10-24'], // 23:59:59 CEST
    ['2026-10-25T22:59:59Z', 'Europe/Berlin', '2026-10-25'], // 23:59:59 CET, a 25-hour day
    ['2026-10-25T23:00:00Z', 'Europe/Berlin', '2026-10-26'],
    ['2026-03-08T04:59:59Z', 'America/New_York', '2026-03-07'], // 23:59:59 EST
    ['2026-03-08T05:00:00Z', 'America/New_York', '2026-03-08'], // 00:00 EST
    ['2026-03-09T03:59:59Z', 'America/New_York', '2026-03-08'], // 23:59:59 EDT, a 23-hour day
    ['2026-03-09T04:00:00Z', 'America/New_York', '2026-03-09'],
    ['2026-11-01T06:30:00Z', 'America/New_York', '2026-11-01'], // 01:30 EST, the repeated hour
    ['2026-11-02T04:59:59Z', 'America/New_York', '2026-11-01'], // 23:59:59 EST
    ['2026-11-02T05:00:00Z', 'America/New_York', '2026-11-02'],
    ['2026-11-29T23:30:00Z', 'UTC', '2026-11-29'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(localDateAt(new Date(instant), zone)).toBe(expected);
  });
});

describe('periodStart', () => {
  it('starts the ISO week on Monday 00:00 in the zone', () => {
    // Sunday 2026-11-29 23:30 in New York is Monday 04:30 UTC; the New York week began Monday 2026-11-23 00:00 EST.
    expect(periodStart('week', new Date('2026-11-30T04:30:00Z'), 'America/New_York')?.toISOString()).toBe(
      '2026-11-23T05:00:00.000Z',
    );
    // The same instant is already Monday 2026-11-30 in Berlin.
    expect(periodStart('week', new Date('2026-11-30T04:30:00Z'), 'Europe/Berlin')?.toISOString()).toBe(
      '2026-11-29T23:00:00.000Z',
    );
  });

  it('starts the month on the 1st in the zone, and all time has no start', () => {
    expect(periodStart('month', new Date('2026-04-01T03:00:00Z'), 'America/New_York')?.toISOString()).toBe(
      '2026-03-01T05:00:00.000Z',
    );
    expect(periodStart('all', new Date(), 'UTC')).toBeNull();
  });
});

describe('zones and weekdays', () => {
  it.each([
    ['Europe/Berlin', true],
    ['UTC', true],
    ['Mars/Olympus', false],
    ['', false],
  ])('isValidTimeZone(%j) is %s', (zone, valid) => {
    expect(isValidTimeZone(zone)).toBe(valid);
  });

  it.each([
    ['2026-11-30', 1],
    ['2026-11-28', 6],
    ['2026-11-29', 7],
    ['1970-01-01', 4],
  ])('%s is ISO weekday %i', (date, weekday) => {
    expect(isoWeekday(date)).toBe(weekday);
  });
});
