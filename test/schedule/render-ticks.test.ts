import { describe, expect, test } from 'vitest';
import { renderTickTable, ticksAsJson, ticksFrom } from '../../src/schedule/index.js';
import { iso, spec } from './fixtures.js';

describe('ticksAsJson', () => {
  test('UTC with Z and local with offset, milliseconds only when jitter made some', () => {
    const ticks = ticksFrom(spec({ jitterMs: 1000 }), iso('2026-03-08T06:00:00Z'), 2, { random: () => 0.1234 });
    expect(ticksAsJson(ticks, 'America/New_York')).toStrictEqual([
      { at: '2026-03-08T06:00:00.123Z', local: '2026-03-08T01:00:00.123-05:00' },
      { at: '2026-03-08T06:30:00.123Z', local: '2026-03-08T01:30:00.123-05:00' },
    ]);
    expect(ticksAsJson(ticksFrom(spec(), iso('2026-03-08T07:00:00Z'), 1), 'America/New_York')).toStrictEqual([
      { at: '2026-03-08T07:00:00Z', local: '2026-03-08T03:00:00-04:00' },
    ]);
  });
});

describe('renderTickTable', () => {
  test('groups local times by night and names the DST nights', () => {
    const schedule = spec({ window: { start: '02:30', end: '05:00' } });
    const text = renderTickTable(schedule, ticksFrom(schedule, iso('2026-03-07T12:00:00Z'), 4), { jitter: false });
    expect(text).toBe(
      [
        'Time zone: America/New_York',
        'Window 02:30-05:00, every 30m, no jitter',
        '',
        'Night of Sun 2026-03-08: 3 ticks, shortened by 1h (DST), opens at 03:30 -04:00: 02:30 falls in the DST gap',
        '  2026-03-08 03:30 -04:00   2026-03-08T07:30:00Z',
        '  2026-03-08 04:00 -04:00   2026-03-08T08:00:00Z',
        '  2026-03-08 04:30 -04:00   2026-03-08T08:30:00Z',
        'Night of Mon 2026-03-09: 5 ticks',
        '  2026-03-09 02:30 -04:00   2026-03-09T06:30:00Z',
      ].join('\n'),
    );
  });

  test('names a lengthened night, cron schedules, days and jitter, with seconds when jittered', () => {
    const schedule = spec({ every: undefined, expression: '0 * * * *', days: ['sun'], jitterMs: 300_000 });
    const ticks = ticksFrom(schedule, iso('2026-11-01T00:00:00Z'), 1, { random: () => 0.5 });
    expect(renderTickTable(schedule, ticks, { jitter: true }).split('\n')).toStrictEqual([
      'Time zone: America/New_York',
      'Window 01:00-05:00, on sun, cron "0 * * * *", jitter up to 5m',
      '',
      'Night of Sun 2026-11-01: 5 ticks, lengthened by 1h (DST)',
      '  2026-11-01 01:02:30 -04:00   2026-11-01T05:02:30Z',
    ]);
  });

  test('says so when there is nothing to show', () => {
    const never = spec({ every: undefined, expression: '0 12 * * *' });
    expect(renderTickTable(never, [], { jitter: false })).toContain('No ticks within a year.');
  });
});
