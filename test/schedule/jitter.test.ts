import { describe, expect, test } from 'vitest';
import { jitterTicks, nightOn, nightTicks, ticksFrom } from '../../src/schedule/index.js';
import { iso, seededRandom, spec } from './fixtures.js';

const MINUTE = 60_000;

describe('jitterTicks', () => {
  const schedule = spec();
  const night = nightOn(schedule, '2026-01-14');
  const scheduled = nightTicks(schedule, night);

  test('random() = 0 delays nothing; just below 1 delays by the whole jitterMs', () => {
    expect(jitterTicks(scheduled, night, 10 * MINUTE, () => 0).map((tick) => tick.at)).toStrictEqual(scheduled);
    const late = jitterTicks(scheduled, night, 10 * MINUTE, () => 1 - Number.EPSILON);
    expect(late.map((tick) => tick.at.getTime() - tick.scheduled.getTime())).toStrictEqual(Array(8).fill(10 * MINUTE));
  });

  test('draws once per tick, in order', () => {
    const draws = [0.5, 0.25, 0, 0.75, 0.1, 0.2, 0.3, 0.4];
    let calls = 0;
    const ticks = jitterTicks(scheduled, night, 1000, () => draws[calls++]!);
    expect(calls).toBe(8);
    expect(ticks.map((tick) => tick.at.getTime() - tick.scheduled.getTime())).toStrictEqual([500, 250, 0, 750, 100, 200, 300, 400]);
  });

  test('a tick jittered to or past close is dropped, the others kept', () => {
    // 04:30 + 30m is exactly 05:00, the close: dropped (the night is half-open). 04:00 + 30m stays.
    const ticks = jitterTicks(scheduled, night, 30 * MINUTE, () => 1 - Number.EPSILON);
    expect(ticks).toHaveLength(7);
    expect(ticks.at(-1)!.at).toStrictEqual(iso('2026-01-14T09:30:00Z'));
    expect(ticks.every((tick) => tick.at < night.close)).toBe(true);
  });

  test('every delay stays within [0, jitterMs] and before close', () => {
    const random = seededRandom(7);
    for (let run = 0; run < 50; run += 1) {
      for (const tick of jitterTicks(scheduled, night, 45 * MINUTE, random)) {
        const delay = tick.at.getTime() - tick.scheduled.getTime();
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(45 * MINUTE);
        expect(Number.isInteger(delay)).toBe(true);
        expect(tick.at < night.close).toBe(true);
      }
    }
  });

  test('without a random source ticks keep their scheduled times', () => {
    expect(jitterTicks(scheduled, night, 10 * MINUTE).map((tick) => tick.at)).toStrictEqual(scheduled);
  });
});

describe('ticksFrom with jitter', () => {
  test('the same random source gives the same ticks', () => {
    const schedule = spec({ jitterMs: 5 * MINUTE });
    const from = iso('2026-03-07T12:00:00Z');
    const first = ticksFrom(schedule, from, 20, { random: seededRandom(42) });
    expect(ticksFrom(schedule, from, 20, { random: seededRandom(42) })).toStrictEqual(first);
    expect(ticksFrom(schedule, from, 20, { random: seededRandom(43) })).not.toStrictEqual(first);
    expect(first.map((tick) => tick.scheduled)).toStrictEqual(ticksFrom(schedule, from, 20).map((tick) => tick.at));
  });

  test('jitterMs 0 never consults the random source', () => {
    const ticks = ticksFrom(spec(), iso('2026-01-14T00:00:00Z'), 3, {
      random: () => {
        throw new Error('random() called');
      },
    });
    expect(ticks).toHaveLength(3);
  });
});
