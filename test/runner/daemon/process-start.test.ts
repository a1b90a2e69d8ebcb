import { readFileSync } from 'node:fs';
import { uptime } from 'node:os';
import { describe, expect, it } from 'vitest';
import { bootTime, parseLstart, processStart, startTicks } from '../../../src/runner/daemon/process-start.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/runner/process-start/${name}`, import.meta.url), 'utf8');

/** The captured /proc files, keyed by path, as `readFile` would return them. */
function capturedProc(files: Record<string, string>) {
  return (path: string) => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return text;
  };
}

const PROC = {
  '/proc/6949/stat': fixture('linux-proc-pid-stat.txt'),
  '/proc/stat': fixture('linux-proc-stat.txt'),
  '/proc/sys/kernel/random/boot_id': fixture('linux-boot-id.txt'),
};

describe('a process start on Linux', () => {
  it('reads field 22 past a command name holding spaces and parentheses, and btime', () => {
    expect(startTicks(PROC['/proc/6949/stat'])).toBe(338764);
    expect(bootTime(PROC['/proc/stat'])).toBe(1796171944);
  });

  it('is keyed by boot id and ticks, and dated from btime (ps printed 01:35:31 for the same process)', () => {
    const start = processStart(6949, { platform: 'linux', readFile: capturedProc(PROC) });
    expect(start).toStrictEqual({ key: 'linux:0e61dc68-a6b2-42ba-913f-4dd3deba3cb7:338764', at: '2026-12-02T01:35:31.640Z' });
  });

  it('keeps the same key when the wall clock was stepped (btime moved) within one boot', () => {
    const stepped = { ...PROC, '/proc/stat': PROC['/proc/stat'].replace('btime 1796171944', 'btime 1796171999') };
    const before = processStart(6949, { platform: 'linux', readFile: capturedProc(PROC) });
    const after = processStart(6949, { platform: 'linux', readFile: capturedProc(stepped) });
    expect(after!.key).toBe(before!.key);
    expect(after!.at).not.toBe(before!.at);
  });

  it('falls back to btime without a boot id, and is unknown for a pid with no /proc entry', () => {
    const { '/proc/sys/kernel/random/boot_id': _bootId, ...noBootId } = PROC;
    expect(processStart(6949, { platform: 'linux', readFile: capturedProc(noBootId) })?.key).toBe('linux:btime-1796171944:338764');
    expect(processStart(7000, { platform: 'linux', readFile: capturedProc(PROC) })).toBeUndefined();
  });

  it.runIf(process.platform === 'linux')('reads this very process: the same key each time, dated at its start', () => {
    const first = processStart(process.pid);
    expect(processStart(process.pid)).toStrictEqual(first);
    const startedAgoMs = Date.now() - Date.parse(first!.at);
    expect(startedAgoMs).toBeGreaterThanOrEqual(0);
    expect(startedAgoMs).toBeLessThan(uptime() * 1000);
    expect(Math.abs(startedAgoMs - process.uptime() * 1000)).toBeLessThan(5_000);
  });
});

describe('a process start on macOS', () => {
  it('parses `ps -o lstart=` printed in the C locale and UTC', () => {
    expect(parseLstart(fixture('darwin-ps-lstart.txt'))).toStrictEqual({ key: 'darwin:1777994063', at: '2026-05-05T15:14:23.000Z' });
    expect(parseLstart('')).toBeUndefined();
    expect(parseLstart('木  8/20 10:00:00 2026')).toBeUndefined();
  });

  it('runs ps for the pid with a fixed locale and zone, and is unknown when ps finds no such process', () => {
    const calls: { file: string; args: readonly string[]; env: NodeJS.ProcessEnv }[] = [];
    const exec = (file: string, args: readonly string[], env: NodeJS.ProcessEnv) => {
      calls.push({ file, args, env });
      return fixture('darwin-ps-lstart.txt');
    };
    expect(processStart(4242, { platform: 'darwin', exec })?.at).toBe('2026-05-05T15:14:23.000Z');
    expect(calls[0]).toMatchObject({ file: 'ps', args: ['-o', 'lstart=', '-p', '4242'], env: { LC_ALL: 'C', TZ: 'UTC' } });

    const gone = () => {
      throw Object.assign(new Error('Command failed: ps -o lstart= -p 4242'), { status: 1 });
    };
    expect(processStart(4242, { platform: 'darwin', exec: gone })).toBeUndefined();
  });

  it('is unknown on other platforms', () => {
    expect(processStart(process.pid, { platform: 'win32' })).toBeUndefined();
  });
});
