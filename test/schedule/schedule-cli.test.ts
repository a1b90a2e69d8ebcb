import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { registerSchedule } from '../../src/cli/schedule.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/nightly-refactor.json', import.meta.url));
const NOW = new Date('2026-01-14T00:00:00Z');

/** Runs `overnight schedule ...args` through commander and the command's action. */
async function run(
  args: string[],
  { random = () => 0.5, configFile = (): string => '/nonexistent/overnight/config.json' }: { random?: () => number; configFile?: () => string } = {},
) {
  let stdout = '';
  let stderr = '';
  const program = new Command('overnight').exitOverride();
  registerSchedule(program, {
    write: (text) => void (stdout += text),
    writeError: (text) => void (stderr += text),
    now: () => NOW,
    random,
    configFile,
  });
  process.exitCode = 0;
  await program.parseAsync(['node', 'overnight', 'schedule', ...args]);
  const code = process.exitCode;
  process.exitCode = 0;
  return { code, stdout, stderr };
}

const ACCEPTANCE = ['--window', '01:00-05:00', '--every', '30m', '--timezone', 'America/New_York'];

describe('overnight schedule', () => {
  test('the acceptance case: 6 ticks on 8 March (06:00Z to 08:30Z), then 8 a night', async () => {
    const { code, stdout, stderr } = await run([...ACCEPTANCE, '--from', '2026-03-07T12:00:00Z', '--count', '20', '--no-jitter', '--json']);
    expect({ code, stderr }).toStrictEqual({ code: 0, stderr: '' });
    const ticks = JSON.parse(stdout) as { at: string; local: string }[];
    expect(ticks).toHaveLength(20);
    for (const tick of ticks) expect(Object.keys(tick)).toStrictEqual(['at', 'local']);
    expect(ticks.slice(0, 7)).toStrictEqual([
      { at: '2026-03-08T06:00:00Z', local: '2026-03-08T01:00:00-05:00' },
      { at: '2026-03-08T06:30:00Z', local: '2026-03-08T01:30:00-05:00' },
      { at: '2026-03-08T07:00:00Z', local: '2026-03-08T03:00:00-04:00' },
      { at: '2026-03-08T07:30:00Z', local: '2026-03-08T03:30:00-04:00' },
      { at: '2026-03-08T08:00:00Z', local: '2026-03-08T04:00:00-04:00' },
      { at: '2026-03-08T08:30:00Z', local: '2026-03-08T04:30:00-04:00' },
      { at: '2026-03-09T05:00:00Z', local: '2026-03-09T01:00:00-04:00' },
    ]);
    const perNight = countBy(ticks.map((tick) => tick.local.slice(0, 10)));
    expect(perNight).toStrictEqual({ '2026-03-08': 6, '2026-03-09': 8, '2026-03-10': 6 });
  });

  test('the fall-back night of 1 November 2026 gives 10', async () => {
    const { stdout } = await run([...ACCEPTANCE, '--from', '2026-10-31T12:00:00Z', '--count', '18', '--no-jitter', '--json']);
    const ticks = JSON.parse(stdout) as { at: string; local: string }[];
    expect(countBy(ticks.map((tick) => tick.local.slice(0, 10)))).toStrictEqual({ '2026-11-01': 10, '2026-11-02': 8 });
    expect(ticks[2]).toStrictEqual({ at: '2026-11-01T06:00:00Z', local: '2026-11-01T01:00:00-05:00' });
    expect(ticks[9]).toStrictEqual({ at: '2026-11-01T09:30:00Z', local: '2026-11-01T04:30:00-05:00' });
  });

  test('is registered on the real program', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const code = await main(['node', 'overnight', 'schedule', ...ACCEPTANCE, '--from', '2026-03-07T12:00:00Z', '--count', '2', '--no-jitter', '--json']);
      expect(code).toBe(0);
      expect(JSON.parse(write.mock.calls.map(([text]) => String(text)).join(''))).toStrictEqual([
        { at: '2026-03-08T06:00:00Z', local: '2026-03-08T01:00:00-05:00' },
        { at: '2026-03-08T06:30:00Z', local: '2026-03-08T01:30:00-05:00' },
      ]);
    } finally {
      write.mockRestore();
    }
  });

  test('without --json: a table per night naming the time zone and the DST nights', async () => {
    const { code, stdout } = await run([...ACCEPTANCE, '--from', '2026-03-07T12:00:00Z', '--count', '7', '--no-jitter']);
    expect(code).toBe(0);
    expect(stdout.split('\n')).toStrictEqual([
      'Time zone: America/New_York',
      'Window 01:00-05:00, every 30m, no jitter',
      '',
      'Night of Sun 2026-03-08: 6 ticks, shortened by 1h (DST)',
      '  2026-03-08 01:00 -05:00   2026-03-08T06:00:00Z',
      '  2026-03-08 01:30 -05:00   2026-03-08T06:30:00Z',
      '  2026-03-08 03:00 -04:00   2026-03-08T07:00:00Z',
      '  2026-03-08 03:30 -04:00   2026-03-08T07:30:00Z',
      '  2026-03-08 04:00 -04:00   2026-03-08T08:00:00Z',
      '  2026-03-08 04:30 -04:00   2026-03-08T08:30:00Z',
      'Night of Mon 2026-03-09: 8 ticks',
      '  2026-03-09 01:00 -04:00   2026-03-09T05:00:00Z',
      '',
    ]);
  });

  test('--from defaults to now; --count to 10', async () => {
    const { stdout } = await run([...ACCEPTANCE, '--json', '--no-jitter']);
    const ticks = JSON.parse(stdout) as { at: string }[];
    expect(ticks).toHaveLength(10);
    expect(ticks[0]!.at).toBe('2026-01-14T06:00:00Z'); // NOW is 19:00 on the 13th in New York
  });

  test('a --from without an offset is a wall time in the time zone', async () => {
    const { stdout } = await run([...ACCEPTANCE, '--from', '2026-03-08T03:00', '--count', '1', '--json']);
    expect(JSON.parse(stdout)).toStrictEqual([{ at: '2026-03-08T07:00:00Z', local: '2026-03-08T03:00:00-04:00' }]);
  });

  test('--jitter replaces jitterMs and draws from the random source; --no-jitter ignores it', async () => {
    const jittered = await run([...ACCEPTANCE, '--jitter', '5m', '--from', '2026-01-14T00:00:00Z', '--count', '1', '--json']);
    expect(JSON.parse(jittered.stdout)).toStrictEqual([{ at: '2026-01-14T06:02:30Z', local: '2026-01-14T01:02:30-05:00' }]);
    const inMs = await run([...ACCEPTANCE, '--jitter', '1000', '--from', '2026-01-14T00:00:00Z', '--count', '1', '--json']);
    expect(JSON.parse(inMs.stdout)[0].at).toBe('2026-01-14T06:00:00.500Z');
  });

  test('--expression and --days', async () => {
    const { stdout } = await run([
      '--window', '22:00-02:00', '--expression', '0 * * * *', '--days', 'fri', '--timezone', 'Europe/Berlin',
      '--from', '2026-01-12T00:00:00Z', '--count', '5', '--json',
    ]);
    expect((JSON.parse(stdout) as { local: string }[]).map((tick) => tick.local)).toStrictEqual([
      '2026-01-16T22:00:00+01:00',
      '2026-01-16T23:00:00+01:00',
      '2026-01-17T00:00:00+01:00',
      '2026-01-17T01:00:00+01:00',
      '2026-01-23T22:00:00+01:00',
    ]);
  });

  describe('with a config file', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'overnight-schedule-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    test('reads the example config', async () => {
      const { code, stdout } = await run(['--config', EXAMPLE, '--from', '2026-03-28T12:00:00Z', '--count', '7', '--no-jitter']);
      expect(code).toBe(0);
      expect(stdout).toContain('Time zone: Europe/Berlin');
      expect(stdout).toContain('Window 01:00-05:00, every 30m, no jitter');
      expect(stdout).toContain('Night of Sun 2026-03-29: 6 ticks, shortened by 1h (DST)');
    });

    test('flags replace the config fields; --expression replaces `every`', async () => {
      const file = join(dir, 'config.json');
      await writeFile(
        file,
        `// comments are allowed
        { "repo": { "path": "/srv/app", "github": "acme/app" },
          "schedule": { "timezone": "Asia/Kolkata", "window": { "start": "01:00", "end": "05:00" }, "every": "30m" } }`,
      );
      const { code, stdout, stderr } = await run(['--config', file, '--expression', '0 3 * * *', '--from', '2026-01-14T00:00:00Z', '--count', '1', '--json']);
      expect({ code, stderr }).toStrictEqual({ code: 0, stderr: '' });
      expect(JSON.parse(stdout)).toStrictEqual([{ at: '2026-01-14T21:30:00Z', local: '2026-01-15T03:00:00+05:30' }]);
    });

    test('without --config or --window the default config path is read', async () => {
      const { code, stdout } = await run(['--count', '1', '--json', '--no-jitter'], { configFile: () => EXAMPLE });
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toStrictEqual([{ at: '2026-01-14T00:00:00Z', local: '2026-01-14T01:00:00+01:00' }]);
    });

    test('a bad config file exits 2 naming its problems', async () => {
      const file = join(dir, 'bad.json');
      await writeFile(file, JSON.stringify({ repo: { path: '/srv/app', github: 'acme/app' }, schedule: { window: { start: '25:00', end: '05:00' }, every: '30m' } }));
      const { code, stdout, stderr } = await run(['--config', file]);
      expect({ code, stdout }).toStrictEqual({ code: 2, stdout: '' });
      expect(stderr).toContain(file);
      expect(stderr).toContain('schedule.window.start: expected a 24-hour time "HH:MM", got "25:00"');
    });
  });

  describe('bad input exits 2 with field-named problems and prints nothing', () => {
    test.each([
      [['--window', '01:00-05:00', '--every', '30m', '--timezone', 'Mars/Olympus'], 'schedule.timezone: expected an IANA time zone'],
      [['--window', '01:00-05:00', '--every', '30m', '--timezone', 'Mars/Olympus'], '(from --timezone)'],
      [['--window', '01:00', '--every', '30m'], 'schedule.window: expected "HH:MM-HH:MM" (from --window), got "01:00"'],
      [['--window', '01:00-25:00', '--every', '30m'], 'schedule.window.end: expected a 24-hour time "HH:MM"'],
      [['--window', '01:00-01:00', '--every', '30m'], 'schedule.window.end: expected a time different from start'],
      [['--window', '01:00-05:00', '--every', 'often'], 'schedule.every: expected a duration such as "20s", "30m" or "1h"'],
      // "0.4ms" once rounded to an interval of 0 and hung until memory ran out.
      [['--window', '01:00-05:00', '--every', '0.4ms'], 'schedule.every: expected a duration from 1m to 24h (one tick a minute at most), got "0.4ms" (from --every)'],
      [['--window', '01:00-05:00', '--every', '30s'], 'schedule.every: expected a duration from 1m to 24h'],
      [['--window', '01:00-05:00'], 'schedule.every: expected exactly one of `every` or `expression`, got neither'],
      [['--window', '01:00-05:00', '--every', '30m', '--expression', '0 * * * *'], 'got both'],
      [['--window', '01:00-05:00', '--expression', '0 * * *'], 'schedule.expression: expected a 5-field cron expression'],
      [['--window', '01:00-05:00', '--every', '30m', '--days', 'mon,funday'], 'schedule.days.1: expected one of "mon"'],
      [['--window', '01:00-05:00', '--every', '30m', '--jitter', 'soon'], 'schedule.jitterMs: expected milliseconds or a duration'],
      [['--window', '01:00-05:00', '--every', '30m', '--jitter', '4h'], 'schedule.jitterMs: expected less than the window'],
      [['--window', '01:00-05:00', '--every', '30m', '--count', '0'], '--count: expected a whole number from 1 to 1000, got "0"'],
      [['--window', '01:00-05:00', '--every', '30m', '--count', 'lots'], '--count: expected a whole number'],
      [['--window', '01:00-05:00', '--every', '30m', '--from', 'yesterday'], '--from: expected an ISO-8601 time'],
    ])('%j', async (args, message) => {
      const { code, stdout, stderr } = await run(args);
      expect({ code, stdout }).toStrictEqual({ code: 2, stdout: '' });
      expect(stderr).toContain(message);
      expect(stderr).not.toMatch(/\n\s+at /); // never a stack trace
    });

    test('lists every problem at once', async () => {
      const { stderr } = await run(['--window', '01:00-25:00', '--every', 'often', '--timezone', 'Nowhere/Else']);
      expect(stderr).toContain('overnight schedule: 3 problems');
    });

    test('a missing default config says how to go without one', async () => {
      const { code, stderr } = await run(['--every', '30m']);
      expect(code).toBe(2);
      expect(stderr).toContain('/nonexistent/overnight/config.json: cannot read the file: no such file');
      expect(stderr).toContain('--window and --every to explore a schedule without one');
    });
  });
});

function countBy(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}
