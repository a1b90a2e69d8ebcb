import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildStatusReport, formatStatusReport } from '../../../src/runner/daemon/status-report.js';
import { readStatusFile, writeStatusFile, type DaemonStatus } from '../../../src/runner/daemon/status-file.js';
import { openStore } from '../../../src/runner/store/index.js';
import { baseSchedule } from './daemon-harness.js';

const schedule = baseSchedule({ timezone: 'Europe/Berlin' });
const saved: DaemonStatus = {
  pid: 4242,
  state: 'open',
  startedAt: '2026-11-27T22:00:00.000Z',
  updatedAt: '2026-11-28T00:10:00.000Z',
  timezone: 'Europe/Berlin',
  window: { open: true, night: '2026-11-28', closesAt: '2026-11-28T01:00:00.000Z' },
  nextTick: '2026-11-28T00:30:41.000Z',
  assertion: { tool: 'caffeinate', held: true },
  running: [],
  lastCycle: {
    id: 'c1',
    night: '2026-11-28',
    scheduledAt: '2026-11-28T00:00:00.000Z',
    firedAt: '2026-11-28T00:00:00.004Z',
    finishedAt: '2026-11-28T00:00:00.020Z',
    catchUp: false,
    outcome: 'recorded',
    detail: 'appended to ticks.jsonl',
  },
};

function files(status?: DaemonStatus, lockPid?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'overnight-status-'));
  const statusFile = join(dir, 'daemon-status.json');
  const lockFile = join(dir, 'daemon.lock');
  if (status) writeStatusFile(statusFile, status);
  if (lockPid) writeFileSync(lockFile, `${lockPid}\n`);
  return { statusFile, lockFile };
}

describe('overnight status', () => {
  it('round-trips the status file the daemon writes atomically', () => {
    const { statusFile } = files(saved);
    expect(readStatusFile(statusFile)).toEqual(saved);
  });

  it('shows a running daemon from its status file: pid, window, jittered next tick in local time, assertion, last cycle', () => {
    const report = buildStatusReport({ ...files(saved, 4242), schedule, now: new Date('2026-11-28T00:10:00Z'), isAlive: (pid) => pid === 4242 });
    expect(report).toEqual({
      daemon: { running: true, pid: 4242, state: 'open', since: '2026-11-27T22:00:00.000Z' },
      window: { open: true, night: '2026-11-28', closes: '2026-11-28T01:00:00.000Z' },
      nextTick: { at: '2026-11-28T00:30:41.000Z', local: '2026-11-28T01:30:41+01:00' },
      assertion: { held: true, tool: 'caffeinate' },
      once: { running: false },
      running: [],
      lastCycle: {
        night: '2026-11-28',
        scheduledAt: '2026-11-28T00:00:00.000Z',
        startedAt: '2026-11-28T00:00:00.004Z',
        finishedAt: '2026-11-28T00:00:00.020Z',
        catchUp: false,
        outcome: 'recorded',
        detail: 'appended to ticks.jsonl',
      },
      warnings: [],
      timezone: 'Europe/Berlin',
    });
    expect(formatStatusReport(report)).toBe(
      [
        'daemon:    running (pid 4242, open, since 2026-11-27T23:00:00+01:00)',
        'window:    open (night of 2026-11-28, closes 2026-11-28T02:00:00+01:00)',
        'next tick: 2026-11-28T01:30:41+01:00',
        'assertion: held (caffeinate)',
        'last cycle: the tick at 2026-11-28T01:00:00+01:00: recorded (appended to ticks.jsonl)',
        '(times in Europe/Berlin)',
      ].join('\n'),
    );
  });

  it('reports a daemon whose lock pid is dead as not running, with no assertion, but keeps its last cycle', () => {
    const report = buildStatusReport({ ...files(saved, 4242), schedule, now: new Date('2026-11-28T12:00:00Z'), isAlive: () => false });
    expect(report).toMatchObject({
      daemon: { running: false },
      window: { open: false, opens: '2026-11-29T00:00:00.000Z' },
      nextTick: { at: '2026-11-29T00:00:00.000Z', local: '2026-11-29T01:00:00+01:00' },
      assertion: { held: false },
      lastCycle: { scheduledAt: '2026-11-28T00:00:00.000Z', outcome: 'recorded' },
    });
    expect(formatStatusReport(report)).toContain('window:    closed (opens 2026-11-29T01:00:00+01:00)\nnext tick: 2026-11-29T01:00:00+01:00 (unjittered; when the daemon runs)');
  });

  it('works with neither a config nor a daemon that ever ran', () => {
    const report = buildStatusReport({ ...files(), now: new Date('2026-11-28T12:00:00Z') });
    expect(report).toEqual({
      daemon: { running: false },
      once: { running: false },
      window: { open: false },
      nextTick: undefined,
      assertion: { held: false },
      running: [],
      lastCycle: undefined,
      warnings: [],
      timezone: undefined,
    });
    expect(formatStatusReport(report)).toBe(['daemon:    not running', 'window:    closed', 'next tick: none scheduled', 'assertion: not held', 'last cycle: none yet'].join('\n'));
  });

  it('lists every running cycle, one per busy slot, with its goal and session once chosen', () => {
    const busy: DaemonStatus = {
      ...saved,
      state: 'running',
      running: [
        { id: 'c7', night: '2026-11-28', scheduledAt: '2026-11-28T00:30:00.000Z', firedAt: '2026-11-28T00:30:00.010Z', catchUp: false, trigger: 'tick', goal: '#12', session: '20261128-0130-a1b2c3' },
        { id: 'c8', night: '2026-11-28', scheduledAt: '2026-11-28T00:30:01.000Z', firedAt: '2026-11-28T00:30:01.002Z', catchUp: false, trigger: 'free-slot' },
      ],
    };
    const report = buildStatusReport({ ...files(busy, 4242), schedule, now: new Date('2026-11-28T00:31:00Z'), isAlive: () => true });
    expect(report.running).toEqual(busy.running);
    const text = formatStatusReport(report).split('\n');
    expect(text.filter((line) => line.startsWith('running:'))).toEqual([
      'running:   c7 (tick, since 2026-11-28T01:30:00+01:00): #12, session 20261128-0130-a1b2c3',
      'running:   c8 (free-slot, since 2026-11-28T01:30:01+01:00)',
    ]);
    // A dead daemon runs nothing, whatever its last status said.
    expect(buildStatusReport({ ...files(busy, 4242), schedule, isAlive: () => false }).running).toEqual([]);
  });

  it('reads the single running cycle a daemon from before parallel slots wrote', () => {
    const { statusFile } = files();
    const { running: _list, ...rest } = saved;
    const old = { ...rest, state: 'running', running: { id: 'c1', night: '2026-11-28', scheduledAt: '2026-11-28T00:00:00.000Z', firedAt: '2026-11-28T00:00:00.004Z', catchUp: false } };
    writeFileSync(statusFile, JSON.stringify(old));
    expect(readStatusFile(statusFile)?.running).toEqual([old.running]);
    writeFileSync(statusFile, JSON.stringify(rest));
    expect(readStatusFile(statusFile)?.running).toEqual([]);
  });

  it('names the file when the status file is corrupt', () => {
    const { statusFile, lockFile } = files();
    writeFileSync(statusFile, '{"pid": 1, ');
    expect(() => buildStatusReport({ statusFile, lockFile })).toThrow(`${statusFile} is not valid JSON; delete it and the daemon writes a fresh one`);
  });
});

describe('overnight status reads the state store', () => {
  function withStore(outcome: string | undefined, startedAt: string) {
    const paths = files(saved, 4242);
    const stateDb = join(dirname(paths.statusFile), 'state.db');
    const store = openStore(stateDb);
    const at = new Date(startedAt);
    const cycle = store.startCycle({ night: '2026-11-28', scheduledAt: at, startedAt: at, catchUp: false });
    if (outcome) store.finishCycle(cycle.id, { outcome, detail: outcome === 'error' ? 'repo.path /gone does not exist: set it to your clone of the repository' : 'agent/x PR #4' });
    store.close();
    return { ...paths, stateDb };
  }

  it('a cycle in the store newer than the daemon’s record wins: a once ran since', () => {
    const report = buildStatusReport({ ...withStore('pr-open', '2026-11-28T00:20:00Z'), schedule, now: new Date('2026-11-28T00:30:00Z'), isAlive: () => false });
    expect(report.lastCycle).toStrictEqual({
      cycle: 1,
      night: '2026-11-28',
      scheduledAt: '2026-11-28T00:20:00.000Z',
      startedAt: '2026-11-28T00:20:00.000Z',
      finishedAt: expect.any(String),
      catchUp: false,
      outcome: 'pr-open',
      detail: 'agent/x PR #4',
    });
    expect(formatStatusReport(report)).toContain('last cycle: cycle 1 at 2026-11-28T01:20:00+01:00: pr-open (agent/x PR #4)\n');
  });

  it('the daemon’s own record wins when it is newer (a tick run --dry-run only recorded)', () => {
    const report = buildStatusReport({ ...withStore('idle', '2026-11-27T23:00:00Z'), schedule, now: new Date('2026-11-28T00:30:00Z'), isAlive: () => false });
    expect(report.lastCycle).toMatchObject({ outcome: 'recorded' });
    expect(report.lastCycle).not.toHaveProperty('cycle', 1);
  });

  it('an error cycle becomes a warning; one without an outcome is running while the lock lives, else interrupted', () => {
    const failed = buildStatusReport({ ...withStore('error', '2026-11-28T00:20:00Z'), schedule, now: new Date('2026-11-28T00:30:00Z'), isAlive: () => false });
    expect(failed.warnings).toStrictEqual(['the last cycle could not run: repo.path /gone does not exist: set it to your clone of the repository']);
    expect(formatStatusReport(failed)).toContain(
      'last cycle: cycle 1 at 2026-11-28T01:20:00+01:00: error\nwarning:   the last cycle could not run: repo.path /gone does not exist: set it to your clone of the repository\n',
    );
    const unfinished = withStore(undefined, '2026-11-28T00:20:00Z');
    expect(buildStatusReport({ ...unfinished, schedule, isAlive: () => true }).lastCycle?.outcome).toBe('running');
    expect(buildStatusReport({ ...unfinished, schedule, isAlive: () => false }).lastCycle?.outcome).toBe('interrupted');
  });

  it('a live lock that is not the daemon’s is an overnight once', () => {
    const report = buildStatusReport({ ...files({ ...saved, state: 'stopped' }, 777), schedule, isAlive: () => true });
    expect(report.daemon).toStrictEqual({ running: false });
    expect(report.once).toStrictEqual({ running: true, pid: 777 });
    expect(formatStatusReport(report)).toMatch(/^daemon: {4}not running \(overnight once is running, pid 777\)\n/);
  });
});
