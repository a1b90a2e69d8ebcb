import { describe, expect, test } from 'vitest';
import { nightOn, nightTicks, ticksFrom } from '../../src/schedule/index.js';
import { iso, localTimes, spec } from './fixtures.js';

const ticksOn = (schedule: ReturnType<typeof spec>, date: string) => nightTicks(schedule, nightOn(schedule, date));

describe('ticks by `every`', () => {
  test('01:00-05:00 every 30m gives 8 ticks, the last before close', () => {
    const ticks = ticksOn(spec(), '2026-01-14');
    expect(localTimes(ticks, 'America/New_York')).toStrictEqual(
      ['01:00', '01:30', '02:00', '02:30', '03:00', '03:30', '04:00', '04:30'].map((time) => `${time} -05:00`),
    );
  });

  test('an interval that does not divide the window still stops before close', () => {
    expect(ticksOn(spec({ every: '45m' }), '2026-01-14')).toHaveLength(6); // 01:00 .. 04:45
    expect(ticksOn(spec({ every: '4h' }), '2026-01-14')).toHaveLength(1); // close itself is not a tick
    expect(ticksOn(spec({ every: '5h' }), '2026-01-14')).toHaveLength(1);
  });

  test('ticks count elapsed time across midnight', () => {
    const schedule = spec({ window: { start: '22:00', end: '02:00' }, every: '1h' });
    expect(localTimes(ticksOn(schedule, '2026-01-10'), 'America/New_York')).toStrictEqual([
      '22:00 -05:00',
      '23:00 -05:00',
      '00:00 -05:00',
      '01:00 -05:00',
    ]);
  });

  test.each([
    ['America/New_York', '2026-03-08', 6, '2026-11-01', 10],
    ['Europe/Berlin', '2026-03-29', 6, '2026-10-25', 10],
    // Lord Howe shifts by 30 minutes: one tick fewer or more.
    ['Australia/Lord_Howe', '2026-10-04', 7, '2026-04-05', 9],
  ])('%s: %s gets %i ticks, %s gets %i', (timezone, spring, springCount, fall, fallCount) => {
    const schedule = spec({ timezone });
    expect(ticksOn(schedule, spring)).toHaveLength(springCount);
    expect(ticksOn(schedule, fall)).toHaveLength(fallCount);
    const dayBefore = new Date(new Date(`${spring}T12:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10);
    expect(ticksOn(schedule, dayBefore)).toHaveLength(8);
  });

  test('the fall-back night repeats the wall times of the repeated hour, in elapsed order', () => {
    expect(localTimes(ticksOn(spec(), '2026-11-01'), 'America/New_York')).toStrictEqual([
      '01:00 -04:00',
      '01:30 -04:00',
      '01:00 -05:00',
      '01:30 -05:00',
      '02:00 -05:00',
      '02:30 -05:00',
      '03:00 -05:00',
      '03:30 -05:00',
      '04:00 -05:00',
      '04:30 -05:00',
    ]);
  });

  test('a window opening inside the gap ticks from the moved open', () => {
    const ticks = ticksOn(spec({ window: { start: '02:30', end: '05:00' } }), '2026-03-08');
    expect(localTimes(ticks, 'America/New_York')).toStrictEqual(['03:30 -04:00', '04:00 -04:00', '04:30 -04:00']);
  });

  test('a window entirely inside the gap keeps its ticks, an hour later', () => {
    const ticks = ticksOn(spec({ window: { start: '02:10', end: '02:50' }, every: '15m' }), '2026-03-08');
    expect(localTimes(ticks, 'America/New_York')).toStrictEqual(['03:10 -04:00', '03:25 -04:00', '03:40 -04:00']);
  });

  test('a night whose close resolves before its open has no ticks', () => {
    expect(ticksOn(spec({ window: { start: '02:30', end: '03:00' } }), '2026-03-08')).toStrictEqual([]);
  });

  test('a missing or unreadable `every` without `expression` is an error, not an empty night', () => {
    expect(() => ticksOn(spec({ every: undefined }), '2026-01-14')).toThrow(/`every`/);
    expect(() => ticksOn(spec({ every: 'often' }), '2026-01-14')).toThrow(/"often"/);
  });

  test('an interval under a second is an error, not a night of millions of ticks', () => {
    // "0.4ms" rounds to 0 ms, which once looped for ever; "1ms" would be 14.4 million ticks.
    expect(() => ticksOn(spec({ every: '0.4ms' }), '2026-01-14')).toThrow(/got every: "0.4ms"/);
    expect(() => ticksOn(spec({ every: '1ms' }), '2026-01-14')).toThrow('schedule.every must be at least 1s, got "1ms"');
    expect(() => ticksOn(spec({ every: '999ms' }), '2026-01-14')).toThrow(/at least 1s/);
    expect(ticksOn(spec({ every: '1s' }), '2026-01-14')).toHaveLength(4 * 3600);
  });
});

describe('ticks by cron `expression`', () => {
  const cron = (expression: string, overrides = {}) => spec({ every: undefined, expression, ...overrides });

  test('matches inside [open, close) only', () => {
    const ticks = ticksOn(cron('0,30 * * * *'), '2026-01-14');
    expect(ticks).toHaveLength(8);
    expect(ticks[0]).toStrictEqual(iso('2026-01-14T06:00:00Z')); // a match at open counts
    expect(ticks.at(-1)).toStrictEqual(iso('2026-01-14T09:30:00Z')); // 05:00, the close, does not
  });

  test('reads the expression in the time zone', () => {
    expect(localTimes(ticksOn(cron('15 3 * * *', { timezone: 'Asia/Kolkata' }), '2026-01-14'), 'Asia/Kolkata')).toStrictEqual([
      '03:15 +05:30',
    ]);
  });

  test('spring-forward night: the skipped hour has no matches', () => {
    expect(localTimes(ticksOn(cron('*/30 1-4 * * *'), '2026-03-08'), 'America/New_York')).toStrictEqual([
      '01:00 -05:00',
      '01:30 -05:00',
      '03:00 -04:00',
      '03:30 -04:00',
      '04:00 -04:00',
      '04:30 -04:00',
    ]);
  });

  test('a fixed time inside the gap runs once, moved later by the gap', () => {
    expect(localTimes(ticksOn(cron('30 2 * * *'), '2026-03-08'), 'America/New_York')).toStrictEqual(['03:30 -04:00']);
  });

  test('fall-back night: a fixed time that repeats runs once, at its first occurrence', () => {
    expect(ticksOn(cron('30 1 * * *'), '2026-11-01')).toStrictEqual([iso('2026-11-01T05:30:00Z')]);
  });

  test('fall-back night: wildcard hours run in both repeated hours', () => {
    expect(ticksOn(cron('0 * * * *'), '2026-11-01')).toStrictEqual(
      ['05', '06', '07', '08', '09'].map((hour) => iso(`2026-11-01T${hour}:00:00Z`)),
    );
  });

  test('Berlin and Lord Howe DST nights', () => {
    expect(ticksOn(cron('*/30 * * * *', { timezone: 'Europe/Berlin' }), '2026-03-29')).toHaveLength(6);
    expect(ticksOn(cron('*/30 * * * *', { timezone: 'Europe/Berlin' }), '2026-10-25')).toHaveLength(10);
    expect(localTimes(ticksOn(cron('0 * * * *', { timezone: 'Australia/Lord_Howe' }), '2026-10-04'), 'Australia/Lord_Howe')).toStrictEqual([
      '01:00 +10:30',
      '03:00 +11:00',
      '04:00 +11:00',
    ]);
  });

  test('day-of-week fields read the local date, across midnight', () => {
    // Window Fri 22:00 - Sat 02:00; "* * * * 6" is Saturday only, so only the after-midnight hours.
    const schedule = cron('0 * * * 6', { window: { start: '22:00', end: '02:00' } });
    expect(localTimes(ticksOn(schedule, '2026-01-09'), 'America/New_York')).toStrictEqual(['00:00 -05:00', '01:00 -05:00']);
  });

  test('an expression that never matches inside the window has no ticks within the horizon', () => {
    expect(ticksFrom(cron('0 12 * * *'), iso('2026-01-01T00:00:00Z'), 5)).toStrictEqual([]);
  });

  test('`H` fields are stable from call to call', () => {
    const schedule = cron('H 2 * * *');
    const first = ticksOn(schedule, '2026-01-14');
    expect(first).toHaveLength(1);
    expect(ticksOn(schedule, '2026-01-15')[0]!.getTime() - first[0]!.getTime()).toBe(86_400_000);
  });
});

describe('`days`', () => {
  test('filters on the date the window opens, not the date a tick falls on', () => {
    const schedule = spec({ window: { start: '22:00', end: '02:00' }, every: '1h', days: ['fri'] });
    const ticks = ticksFrom(schedule, iso('2026-01-05T00:00:00Z'), 8);
    expect(ticks.map((tick) => tick.night.date)).toStrictEqual(Array(4).fill('2026-01-09').concat(Array(4).fill('2026-01-16')));
    // Saturday 00:00 and 01:00 belong to Friday's night.
    expect(localTimes(ticks.slice(0, 4).map((tick) => tick.at), 'America/New_York')).toStrictEqual([
      '22:00 -05:00',
      '23:00 -05:00',
      '00:00 -05:00',
      '01:00 -05:00',
    ]);
  });

  test('weekdays only skips the weekend nights', () => {
    const schedule = spec({ every: '4h', days: ['mon', 'tue', 'wed', 'thu', 'fri'] });
    const dates = ticksFrom(schedule, iso('2026-01-01T00:00:00Z'), 7).map((tick) => tick.night.date);
    // 1 January 2026 is a Thursday.
    expect(dates).toStrictEqual(['2026-01-01', '2026-01-02', '2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09']);
  });

  test('applies to cron schedules too', () => {
    const schedule = spec({ every: undefined, expression: '0 3 * * *', days: ['sun'] });
    expect(ticksFrom(schedule, iso('2026-01-01T00:00:00Z'), 2).map((tick) => tick.night.date)).toStrictEqual(['2026-01-04', '2026-01-11']);
  });
});
