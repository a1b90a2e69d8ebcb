import { describe, expect, it } from 'vitest';
import { isSessionId, newSessionId } from '../../src/protocol/session-id.js';

describe('newSessionId', () => {
  const hex = () => 'a1b2c3';

  it('formats the wall-clock time in the given time zone', () => {
    expect(newSessionId(new Date('2026-11-28T00:07:30Z'), 'Europe/Berlin', hex)).toBe('20261128-0107-a1b2c3');
    expect(newSessionId(new Date('2026-11-28T00:07:30Z'), 'America/Los_Angeles', hex)).toBe('20261127-1607-a1b2c3');
    expect(newSessionId(new Date('2026-11-28T00:07:30Z'), 'UTC', hex)).toBe('20261128-0007-a1b2c3');
  });

  it('follows DST: the same UTC hour reads differently in summer and winter', () => {
    expect(newSessionId(new Date('2026-07-01T23:30:00Z'), 'Europe/Berlin', hex)).toBe('20260702-0130-a1b2c3');
    expect(newSessionId(new Date('2026-01-01T23:30:00Z'), 'Europe/Berlin', hex)).toBe('20260102-0030-a1b2c3');
  });

  it('uses 6 random hex digits by default, different each time', () => {
    const ids = new Set(Array.from({ length: 20 }, () => newSessionId(new Date('2026-11-28T00:07:00Z'), 'UTC')));
    expect(ids.size).toBeGreaterThan(15);
    for (const id of ids) expect(id).toMatch(/^20261128-0007-[0-9a-f]{6}$/);
  });

  it('rejects a random source that does not give 6 hex digits', () => {
    expect(() => newSessionId(new Date(), 'UTC', () => 'XYZ')).toThrow(/6 lowercase hex/);
  });

  it('rejects an unknown time zone', () => {
    expect(() => newSessionId(new Date(), 'Mars/Olympus', hex)).toThrow();
  });

  it('round-trips through isSessionId', () => {
    expect(isSessionId(newSessionId(new Date('2028-02-29T12:00:00Z'), 'Asia/Tokyo', hex))).toBe(true);
  });
});

describe('isSessionId', () => {
  it.each(['20261128-0107-a1b2c3', '20280229-2359-000000', '20260101-0000-ffffff'])('accepts %s', (id) => {
    expect(isSessionId(id)).toBe(true);
  });

  it.each([
    ['upper-case hex', '20261128-0107-A1B2C3'],
    ['short suffix', '20261128-0107-a1b2c'],
    ['month 13', '20261328-0107-a1b2c3'],
    ['February 30', '20260230-0107-a1b2c3'],
    ['not a leap year', '20270229-0107-a1b2c3'],
    ['hour 24', '20261128-2407-a1b2c3'],
    ['minute 60', '20261128-0160-a1b2c3'],
    ['trailing text', '20261128-0107-a1b2c3x'],
    ['path', 'agent/20261128-0107-a1b2c3'],
    ['empty', ''],
  ])('rejects %s', (_why, id) => {
    expect(isSessionId(id)).toBe(false);
  });
});
