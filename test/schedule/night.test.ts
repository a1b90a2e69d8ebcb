import { describe, expect, test } from 'vitest';
import { localDateOf, nightOn, resolveWallTime } from '../../src/schedule/index.js';
import { Temporal } from 'temporal-polyfill';
import { iso, spec } from './fixtures.js';

describe('nightOn', () => {
  test('a same-day window opens and closes on its date', () => {
    expect(nightOn(spec(), '2026-01-14')).toStrictEqual({
      date: '2026-01-14',
      open: iso('2026-01-14T06:00:00Z'),
      close: iso('2026-01-14T10:00:00Z'),
    });
  });

  test('a window whose end is before its start closes the next day', () => {
    const night = nightOn(spec({ window: { start: '22:00', end: '02:00' } }), '2026-01-10');
    expect(night).toStrictEqual({ date: '2026-01-10', open: iso('2026-01-11T03:00:00Z'), close: iso('2026-01-11T07:00:00Z') });
  });

  test('an end of 00:00 is midnight after the start', () => {
    const night = nightOn(spec({ window: { start: '20:00', end: '00:00' }, timezone: 'Europe/Berlin' }), '2026-07-01');
    expect(night).toStrictEqual({ date: '2026-07-01', open: iso('2026-07-01T18:00:00Z'), close: iso('2026-07-01T22:00:00Z') });
  });

  test.each([
    // zone, spring-forward date, open, close (01:00-05:00 loses the skipped hour or half hour)
    ['America/New_York', '2026-03-08', '2026-03-08T06:00:00Z', '2026-03-08T09:00:00Z'],
    ['Europe/Berlin', '2026-03-29', '2026-03-29T00:00:00Z', '2026-03-29T03:00:00Z'],
    ['Australia/Lord_Howe', '2026-10-04', '2026-10-03T14:30:00Z', '2026-10-03T18:00:00Z'],
  ])('%s spring-forward night %s is short', (timezone, date, open, close) => {
    expect(nightOn(spec({ timezone }), date)).toStrictEqual({ date, open: iso(open), close: iso(close) });
  });

  test.each([
    ['America/New_York', '2026-11-01', '2026-11-01T05:00:00Z', '2026-11-01T10:00:00Z'],
    ['Europe/Berlin', '2026-10-25', '2026-10-24T23:00:00Z', '2026-10-25T04:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-05', '2026-04-04T14:00:00Z', '2026-04-04T18:30:00Z'],
  ])('%s fall-back night %s is long', (timezone, date, open, close) => {
    expect(nightOn(spec({ timezone }), date)).toStrictEqual({ date, open: iso(open), close: iso(close) });
  });

  test('a start inside the spring-forward gap opens later by the gap', () => {
    // 02:30 does not exist in New York on 8 March 2026; "compatible" reads it as 03:30 EDT.
    const night = nightOn(spec({ window: { start: '02:30', end: '05:00' } }), '2026-03-08');
    expect(night.open).toStrictEqual(iso('2026-03-08T07:30:00Z'));
    expect(night.close).toStrictEqual(iso('2026-03-08T09:00:00Z'));
  });

  test('a window entirely inside the gap moves later as a whole, keeping its length', () => {
    const night = nightOn(spec({ window: { start: '02:10', end: '02:50' } }), '2026-03-08');
    expect(night.open).toStrictEqual(iso('2026-03-08T07:10:00Z'));
    expect(night.close).toStrictEqual(iso('2026-03-08T07:50:00Z'));
  });

  test('Lord Howe: a window inside its 30-minute gap moves 30 minutes later', () => {
    const night = nightOn(spec({ timezone: 'Australia/Lord_Howe', window: { start: '02:05', end: '02:25' } }), '2026-10-04');
    // 02:05 +10:30 does not exist; 02:35 +11:00 is 15:35Z the day before.
    expect(night.open).toStrictEqual(iso('2026-10-03T15:35:00Z'));
    expect(night.close).toStrictEqual(iso('2026-10-03T15:55:00Z'));
  });

  test('an ambiguous fall-back start takes the earlier instant', () => {
    const night = nightOn(spec({ window: { start: '01:30', end: '03:00' } }), '2026-11-01');
    expect(night.open).toStrictEqual(iso('2026-11-01T05:30:00Z')); // 01:30 EDT, not 01:30 EST
  });

  test('an end inside the gap can land before a start after it: the night is empty, not inverted', () => {
    // 02:30 -> 03:30 EDT (07:30Z) but 03:00 EDT is 07:00Z: open > close, so no instant is inside.
    const night = nightOn(spec({ window: { start: '03:00', end: '02:30' } }), '2026-03-07');
    expect(night.close).toStrictEqual(iso('2026-03-08T07:30:00Z'));
    expect(nightOn(spec({ window: { start: '02:30', end: '03:00' } }), '2026-03-08')).toMatchObject({
      open: iso('2026-03-08T07:30:00Z'),
      close: iso('2026-03-08T07:00:00Z'),
    });
  });
});

describe('resolveWallTime and localDateOf', () => {
  test('round-trip a plain night', () => {
    const zoned = resolveWallTime(Temporal.PlainDate.from('2026-06-01'), '23:15', 'Asia/Kolkata');
    expect(zoned.toString()).toBe('2026-06-01T23:15:00+05:30[Asia/Kolkata]');
    expect(localDateOf(new Date(zoned.epochMilliseconds), 'Asia/Kolkata').toString()).toBe('2026-06-01');
    expect(localDateOf(new Date(zoned.epochMilliseconds), 'UTC').toString()).toBe('2026-06-01');
    expect(localDateOf(new Date(zoned.epochMilliseconds), 'Pacific/Kiritimati').toString()).toBe('2026-06-02');
  });
});
