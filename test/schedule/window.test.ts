import { describe, expect, test } from 'vitest';
import { isWithinWindow, nightOn } from '../../src/schedule/index.js';
import { iso, spec } from './fixtures.js';

const at = (text: string) => iso(text);

describe('isWithinWindow', () => {
  const schedule = spec();
  const night = nightOn(schedule, '2026-01-14');

  test('open at open, closed at close', () => {
    expect(isWithinWindow(schedule, at('2026-01-14T05:59:59.999Z'))).toBeUndefined();
    expect(isWithinWindow(schedule, at('2026-01-14T06:00:00Z'))).toStrictEqual(night);
    expect(isWithinWindow(schedule, at('2026-01-14T09:59:59.999Z'))).toStrictEqual(night);
    expect(isWithinWindow(schedule, at('2026-01-14T10:00:00Z'))).toBeUndefined();
  });

  test('after midnight the open night is the one that opened the day before', () => {
    const crossing = spec({ window: { start: '22:00', end: '02:00' } });
    expect(isWithinWindow(crossing, at('2026-01-11T06:30:00Z'))?.date).toBe('2026-01-10'); // 01:30 local, 11 January
    expect(isWithinWindow(crossing, at('2026-01-11T03:30:00Z'))?.date).toBe('2026-01-10'); // 22:30 local, 10 January
    expect(isWithinWindow(crossing, at('2026-01-11T07:00:00Z'))).toBeUndefined(); // 02:00 local
    expect(isWithinWindow(crossing, at('2026-01-11T02:59:00Z'))).toBeUndefined(); // 21:59 local
  });

  test('`days` is read on the opening date, so Friday night is still open on Saturday morning', () => {
    const fridays = spec({ window: { start: '22:00', end: '02:00' }, days: ['fri'] });
    expect(isWithinWindow(fridays, at('2026-01-10T06:00:00Z'))?.date).toBe('2026-01-09'); // Sat 01:00
    expect(isWithinWindow(fridays, at('2026-01-11T06:00:00Z'))).toBeUndefined(); // Sun 01:00: Saturday's night
    expect(isWithinWindow(fridays, at('2026-01-10T03:30:00Z'))?.date).toBe('2026-01-09'); // Fri 22:30
    expect(isWithinWindow(fridays, at('2026-01-09T03:30:00Z'))).toBeUndefined(); // Thu 22:30
  });

  test('the DST nights open and close at their resolved instants', () => {
    // Spring forward: 04:59 EDT is inside, 05:00 EDT (09:00Z) closes.
    expect(isWithinWindow(schedule, at('2026-03-08T08:59:00Z'))?.date).toBe('2026-03-08');
    expect(isWithinWindow(schedule, at('2026-03-08T09:00:00Z'))).toBeUndefined();
    // Fall back: the repeated 01:00-02:00 is inside both times; 05:00 EST (10:00Z) closes.
    expect(isWithinWindow(schedule, at('2026-11-01T05:30:00Z'))?.date).toBe('2026-11-01');
    expect(isWithinWindow(schedule, at('2026-11-01T06:30:00Z'))?.date).toBe('2026-11-01');
    expect(isWithinWindow(schedule, at('2026-11-01T09:59:00Z'))?.date).toBe('2026-11-01');
    expect(isWithinWindow(schedule, at('2026-11-01T10:00:00Z'))).toBeUndefined();
  });

  test('a window opening inside the gap is closed until the moved open', () => {
    const gap = spec({ window: { start: '02:30', end: '05:00' } });
    expect(isWithinWindow(gap, at('2026-03-08T07:29:59Z'))).toBeUndefined();
    expect(isWithinWindow(gap, at('2026-03-08T07:30:00Z'))?.date).toBe('2026-03-08');
  });

  test('a night whose close resolves before its open is never open', () => {
    const inverted = spec({ window: { start: '02:30', end: '03:00' } });
    for (const text of ['2026-03-08T07:00:00Z', '2026-03-08T07:15:00Z', '2026-03-08T07:30:00Z']) {
      expect(isWithinWindow(inverted, at(text))).toBeUndefined();
    }
  });
});
