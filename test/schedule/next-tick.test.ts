import { describe, expect, test } from 'vitest';
import { nextTick, ticksFrom } from '../../src/schedule/index.js';
import { iso, spec } from './fixtures.js';

const noJitter = { random: () => 0 };

describe('ticksFrom', () => {
  test('the acceptance case: 6 ticks on 8 March, then 8 a night', () => {
    const ticks = ticksFrom(spec(), iso('2026-03-07T12:00:00Z'), 20);
    expect(ticks).toHaveLength(20);
    const onNight = (date: string) => ticks.filter((tick) => tick.night.date === date);
    expect(new Set(ticks.map((tick) => tick.night.date))).toStrictEqual(new Set(['2026-03-08', '2026-03-09', '2026-03-10']));
    expect(onNight('2026-03-08').map((tick) => tick.at.toISOString())).toStrictEqual([
      '2026-03-08T06:00:00.000Z',
      '2026-03-08T06:30:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-08T07:30:00.000Z',
      '2026-03-08T08:00:00.000Z',
      '2026-03-08T08:30:00.000Z',
    ]);
    expect(onNight('2026-03-09')).toHaveLength(8);
    expect(onNight('2026-03-10')).toHaveLength(6); // cut by the count
  });

  test('the fall-back night gives 10', () => {
    const ticks = ticksFrom(spec(), iso('2026-10-31T12:00:00Z'), 18);
    expect(ticks.filter((tick) => tick.night.date === '2026-11-01')).toHaveLength(10);
    expect(ticks.filter((tick) => tick.night.date === '2026-11-02')).toHaveLength(8);
  });

  test('a tick exactly at `from` is included', () => {
    expect(ticksFrom(spec(), iso('2026-01-14T06:30:00Z'), 1)[0]!.at).toStrictEqual(iso('2026-01-14T06:30:00Z'));
  });

  test('starting inside a night continues it, including a night that opened the day before', () => {
    const crossing = spec({ window: { start: '22:00', end: '02:00' }, every: '1h' });
    const ticks = ticksFrom(crossing, iso('2026-01-11T05:10:00Z'), 3); // 00:10 local on the 11th
    expect(ticks.map((tick) => [tick.night.date, tick.at.toISOString()])).toStrictEqual([
      ['2026-01-10', '2026-01-11T06:00:00.000Z'],
      ['2026-01-11', '2026-01-12T03:00:00.000Z'],
      ['2026-01-11', '2026-01-12T04:00:00.000Z'],
    ]);
  });

  test('count 0 is nothing', () => {
    expect(ticksFrom(spec(), iso('2026-01-14T00:00:00Z'), 0)).toStrictEqual([]);
  });

  test('ticks are in scheduled order even where nights overlap', () => {
    // 03:00-02:30 in New York: the night of 7 March closes at 02:30 -> 03:30 EDT (07:30Z) while
    // the night of 8 March opens at 03:00 EDT (07:00Z). Both tick at 07:00Z and 07:20Z (the
    // first night ticks every 20m from 08:00Z on the 7th): a time both share is one tick.
    const overlapping = spec({ window: { start: '03:00', end: '02:30' }, every: '20m' });
    const ticks = ticksFrom(overlapping, iso('2026-03-08T06:50:00Z'), 5);
    expect(ticks.map((tick) => [tick.night.date, tick.scheduled.toISOString().slice(11, 16)])).toStrictEqual([
      ['2026-03-07', '07:00'],
      ['2026-03-07', '07:20'],
      ['2026-03-08', '07:40'],
      ['2026-03-08', '08:00'],
      ['2026-03-08', '08:20'],
    ]);
  });
});

describe('nextTick', () => {
  const schedule = spec();

  test('before the window: the open', () => {
    expect(nextTick(schedule, iso('2026-01-14T05:59:59.999Z'), noJitter)?.at).toStrictEqual(iso('2026-01-14T06:00:00Z'));
  });

  test('at a tick: the one after it, so a fired tick never fires twice', () => {
    expect(nextTick(schedule, iso('2026-01-14T06:00:00Z'), noJitter)?.at).toStrictEqual(iso('2026-01-14T06:30:00Z'));
    expect(nextTick(schedule, iso('2026-01-14T06:29:59.999Z'), noJitter)?.at).toStrictEqual(iso('2026-01-14T06:30:00Z'));
  });

  test('after the last tick of a night: the next night opening', () => {
    const next = nextTick(schedule, iso('2026-01-14T09:30:00Z'), noJitter);
    expect(next).toMatchObject({ at: iso('2026-01-15T06:00:00Z'), night: { date: '2026-01-15' } });
    expect(nextTick(schedule, iso('2026-01-14T10:00:00Z'), noJitter)?.at).toStrictEqual(iso('2026-01-15T06:00:00Z'));
  });

  test('jitter delays the returned tick and keeps its scheduled time', () => {
    const next = nextTick(spec({ jitterMs: 120_000 }), iso('2026-01-14T05:00:00Z'), { random: () => 0.5 });
    expect(next).toMatchObject({ at: iso('2026-01-14T06:01:00Z'), scheduled: iso('2026-01-14T06:00:00Z') });
  });

  test('a tick jittered past close gives way to the next night', () => {
    // Every 2h: 01:00 and 03:00. From 01:30 the 03:00 tick is next; 3h of jitter pushes it to
    // 06:00, past the 05:00 close, so the next night's 01:00 (drawn 0) is the next tick.
    const sparse = spec({ every: '2h', jitterMs: 3 * 3_600_000 });
    const draws = [1 - Number.EPSILON, 0];
    const next = nextTick(sparse, iso('2026-01-14T06:30:00Z'), { random: () => draws.shift()! });
    expect(next).toMatchObject({ at: iso('2026-01-15T06:00:00Z'), night: { date: '2026-01-15' } });
  });

  test('a schedule with no tick within a year has no next tick', () => {
    const never = spec({ every: undefined, expression: '0 12 * * *' });
    expect(nextTick(never, iso('2026-01-14T00:00:00Z'), noJitter)).toBeUndefined();
  });
});
