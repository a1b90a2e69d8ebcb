import { CronExpressionParser } from 'cron-parser';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileCron } from '../../src/schedule/cron-matcher.js';
import { nightOn, nightTicks, ticksFrom } from '../../src/schedule/index.js';
import { iso, localTimes, spec } from './fixtures.js';

const cron = (expression: string, overrides = {}) => spec({ every: undefined, expression, ...overrides });

describe('cron ticks across a clock change whose offset is not a whole hour', () => {
  // The input that spun a property-test worker at 100% CPU: cron-parser's iterator, walking
  // Pacific/Chatham's fall-back (03:45 +13:45 -> 02:45 +12:45 on 5 April 2026), returns 02:54
  // then 02:00 +13:45 again, an hour earlier, for ever, so a loop `while (match < close)` never ended.
  const chathamNight = { timezone: 'Pacific/Chatham', window: { start: '05:37', end: '05:33' } };
  const chatham = cron('*/9 * * * *', { ...chathamNight, days: ['sun', 'wed', 'mon', 'fri', 'sat', 'tue', 'thu'] });

  test('the failing property input ends, with the ticks of the night after', () => {
    const ticks = ticksFrom(chatham, iso('2026-04-04T21:23:33.745Z'), 6);
    expect(ticks.map((tick) => tick.night.date)).toStrictEqual(Array(6).fill('2026-04-05'));
    expect(ticks.map((tick) => tick.at.toISOString())).toStrictEqual(
      ['21:24', '21:33', '21:42', '21:51', '22:00', '22:09'].map((time) => `2026-04-04T${time}:00.000Z`),
    );
  });

  test('the fall-back night itself: the repeated 45 minutes run twice for a `*` job, in order', () => {
    const ticks = nightTicks(chatham, nightOn(chatham, '2026-04-04'));
    const times = localTimes(ticks, 'Pacific/Chatham');
    const at = times.indexOf('03:36 +13:45');
    expect(times.slice(at, at + 7)).toStrictEqual([
      '03:36 +13:45',
      '02:45 +12:45', // the clock went back at 03:45 +13:45
      '02:54 +12:45',
      '03:00 +12:45',
      '03:09 +12:45',
      '03:18 +12:45',
      '03:27 +12:45',
    ]);
    ticks.forEach((tick, index) => index > 0 && expect(tick > ticks[index - 1]!).toBe(true));
    // 05:37 on the 4th to 05:33 on the 5th is 1496 minutes of elapsed time; */9 matches 7 times
    // a wall hour: 18h23m + 5h33m of distinct wall time (168 matches) plus the repeated 60 minutes.
    expect(ticks).toHaveLength(174);
  });

  test('a fixed-time job runs once on that night, at the first 03:00', () => {
    expect(localTimes(nightTicks(cron('0 3 * * *', chathamNight), nightOn(chatham, '2026-04-04')), 'Pacific/Chatham')).toStrictEqual(['03:00 +13:45']);
  });

  test('a fixed time in a 30-minute gap moves later by 30 minutes; a `*` job skips it', () => {
    const lordHowe = { timezone: 'Australia/Lord_Howe' }; // 02:00 +10:30 -> 02:30 +11:00 on 4 October 2026
    const onNight = (expression: string) => localTimes(nightTicks(cron(expression, lordHowe), nightOn(cron(expression, lordHowe), '2026-10-04')), 'Australia/Lord_Howe');
    expect(onNight('15 2 * * *')).toStrictEqual(['02:45 +11:00']);
    expect(onNight('15 * * * *')).toStrictEqual(['01:15 +10:30', '03:15 +11:00', '04:15 +11:00']);
    expect(onNight('15,45 2 * * *')).toStrictEqual(['02:45 +11:00']); // 02:15 moved onto 02:45: one tick
  });

  test('Santiago skips midnight: a fixed 00:30 on that date runs at 01:30', () => {
    const santiago = { timezone: 'America/Santiago', window: { start: '22:00', end: '03:00' } }; // 00:00 -> 01:00 on 6 September 2026
    const night = nightOn(cron('30 0 * * *', santiago), '2026-09-05');
    expect(localTimes(nightTicks(cron('30 0 * * *', santiago), night), 'America/Santiago')).toStrictEqual(['01:30 -03:00']);
    expect(localTimes(nightTicks(cron('30 * * * *', santiago), night), 'America/Santiago')).toStrictEqual(['22:30 -04:00', '23:30 -04:00', '01:30 -03:00', '02:30 -03:00']);
  });
});

const isValid = (expression: string) => {
  try {
    CronExpressionParser.parse(expression);
    return true;
  } catch {
    return false; // "7,0" names Sunday twice: the config refuses it before it gets here
  }
};

describe('compileCron', () => {
  test('matches exactly what cron-parser matches, on every kind of field', () => {
    const field = (min: number, max: number) =>
      fc.oneof(
        fc.constant('*'),
        fc.integer({ min, max }).map(String),
        fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
        fc.integer({ min: 2, max: Math.max(2, Math.floor((max - min) / 2)) }).map((step) => `*/${step}`),
        fc.uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 4 }).map((values) => values.join(',')),
      );
    const dayOfMonth = fc.oneof(field(1, 31), fc.constant('L'));
    const dayOfWeek = fc.oneof(field(0, 7), fc.constantFrom('5L', '1#2', '5#3', 'mon-fri', 'sun'));
    const expressionArb = fc.tuple(field(0, 59), field(0, 23), dayOfMonth, field(1, 12), dayOfWeek).map((parts) => parts.join(' '));
    const minuteArb = fc.integer({ min: Date.UTC(2024, 0, 1) / 60_000, max: Date.UTC(2030, 0, 1) / 60_000 }).map((minute) => minute * 60_000);
    fc.assert(
      fc.property(expressionArb, fc.array(minuteArb, { minLength: 1, maxLength: 40 }), (expression, instants) => {
        fc.pre(isValid(expression));
        const ours = compileCron(expression);
        const theirs = CronExpressionParser.parse(expression, { tz: 'UTC', hashSeed: expression });
        for (const at of instants) expect(ours.matches(at), `${expression} at ${new Date(at).toISOString()}`).toBe(theirs.includesDate(new Date(at)));
      }),
      { numRuns: 300 },
    );
  });

  test('a job is fixed-time unless its minute or hour field opens with `*`', () => {
    expect(compileCron('30 2 * * *').fixedTime).toBe(true);
    expect(compileCron('H 2 * * 1-5').fixedTime).toBe(true);
    expect(compileCron('0 * * * *').fixedTime).toBe(false);
    expect(compileCron('*/30 1-4 * * *').fixedTime).toBe(false);
  });

  test('refuses anything but five fields', () => {
    expect(() => compileCron('0 0 2 * * *')).toThrow(/5-field/);
  });
});
