import { describe, expect, test } from 'vitest';
import { dstChange, nightOn } from '../../src/schedule/index.js';
import { spec } from './fixtures.js';

const HOUR = 3_600_000;
const changeOn = (schedule: ReturnType<typeof spec>, date: string) => dstChange(schedule, nightOn(schedule, date));

describe('dstChange', () => {
  test('an ordinary night is unchanged', () => {
    expect(changeOn(spec(), '2026-01-14')).toBeUndefined();
    expect(changeOn(spec({ window: { start: '22:00', end: '02:00' } }), '2026-01-10')).toBeUndefined();
  });

  test.each([
    ['America/New_York', '2026-03-08', -HOUR],
    ['America/New_York', '2026-11-01', HOUR],
    ['Europe/Berlin', '2026-03-29', -HOUR],
    ['Europe/Berlin', '2026-10-25', HOUR],
    ['Australia/Lord_Howe', '2026-10-04', -HOUR / 2],
    ['Australia/Lord_Howe', '2026-04-05', HOUR / 2],
  ])('%s %s changes by %i ms', (timezone, date, deltaMs) => {
    expect(changeOn(spec({ timezone }), date)).toStrictEqual({ deltaMs, openMoved: false, closeMoved: false });
  });

  test('a night crossing midnight is changed by a transition after midnight', () => {
    const crossing = spec({ window: { start: '23:00', end: '04:00' } });
    expect(changeOn(crossing, '2026-03-07')).toStrictEqual({ deltaMs: -HOUR, openMoved: false, closeMoved: false });
    expect(changeOn(crossing, '2026-03-08')).toBeUndefined();
  });

  test('a start in the gap moves the open and shortens the night', () => {
    expect(changeOn(spec({ window: { start: '02:30', end: '05:00' } }), '2026-03-08')).toStrictEqual({
      deltaMs: -HOUR,
      openMoved: true,
      closeMoved: false,
    });
  });

  test('an end in the gap moves the close and keeps the length', () => {
    expect(changeOn(spec({ window: { start: '22:00', end: '02:00' } }), '2026-03-07')).toStrictEqual({
      deltaMs: 0,
      openMoved: false,
      closeMoved: true,
    });
  });

  test('a window entirely in the gap moves both ends and keeps its length', () => {
    expect(changeOn(spec({ window: { start: '02:10', end: '02:50' } }), '2026-03-08')).toStrictEqual({
      deltaMs: 0,
      openMoved: true,
      closeMoved: true,
    });
  });

  test('a night whose close resolves before its open counts as empty', () => {
    expect(changeOn(spec({ window: { start: '02:30', end: '03:00' } }), '2026-03-08')).toStrictEqual({
      deltaMs: -HOUR / 2,
      openMoved: true,
      closeMoved: false,
    });
  });
});
