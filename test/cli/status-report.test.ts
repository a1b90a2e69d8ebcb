import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API, REPO, mockClaim, mockGate, mockIssues } from '../runner/helpers/github-mock.js';
import { normalise, openSeat, type Seat } from './once-harness.js';

let seat: Seat;
beforeEach(() => {
  nock.disableNetConnect();
  seat = openSeat();
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  seat.cleanup();
  expect(pending).toStrictEqual([]);
});

/** A `once` whose session opens PR `number` (the runner opens it). */
async function onceWithPr(file: string, number: number): Promise<void> {
  const scope = nock(API);
  mockGate(scope);
  mockIssues(scope, []);
  mockClaim(scope);
  scope.get(`${REPO}/pulls`).query({ state: 'all', head: /acme:agent\/.+/, per_page: '1' }).reply(200, []);
  scope.post(`${REPO}/pulls`).reply(201, { number });
  expect(await seat.run('once', '--config', file, '--ignore-window')).toBe(0);
  seat.clear();
}

describe('overnight status', () => {
  it('without a config: exit 2, the path it looked at and how to make one', async () => {
    vi.stubEnv('OVERNIGHT_HOME', join(seat.repo.root, 'home'));
    expect(await seat.run('status')).toBe(2);
    expect(seat.err()).toBe(`no config at ${join(seat.repo.root, 'home', 'config.json')}: create one with \`overnight init\`, or pass --config FILE\n`);
    expect(seat.out()).toBe('');
  });

  it('shows the last cycle a once ran, from the state store', async () => {
    const file = seat.config({ pr: { openedBy: 'runner' } });
    await onceWithPr(file, 4);
    expect(await seat.run('status', '--config', file)).toBe(0);
    expect(seat.out()).toContain('daemon:    not running\n');
    expect(seat.out()).toMatch(/\nlast cycle: cycle 1 at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00: pr-open \(agent\/\d{8}-\d{4}-[0-9a-f]{6} PR #4\)\n/);
    expect(seat.out()).not.toContain('warning');
  });

  it('an error cycle: a warning with the reason; --json with the stable shape', async () => {
    const missing = join(seat.repo.root, 'gone');
    const file = seat.config({ repo: { path: missing, github: 'acme/widgets' } });
    expect(await seat.run('once', '--config', file)).toBe(1);
    seat.clear();
    expect(await seat.run('status', '--config', file)).toBe(0);
    const why = `repo.path ${missing} does not exist: set it to your clone of the repository`;
    expect(seat.out()).toMatch(new RegExp(`\\nlast cycle: cycle 1 at [^\\n]+: error\\nwarning:   the last cycle could not run: ${why.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\n`));

    seat.clear();
    expect(await seat.run('status', '--config', file, '--json')).toBe(0);
    const report = JSON.parse(seat.out()) as Record<string, unknown>;
    expect(Object.keys(report).sort()).toStrictEqual(['assertion', 'daemon', 'lastCycle', 'nextTick', 'once', 'running', 'timezone', 'warnings', 'window']);
    expect(report).toMatchObject({
      daemon: { running: false },
      once: { running: false },
      assertion: { held: false },
      lastCycle: { cycle: 1, outcome: 'error', detail: why, catchUp: false },
      warnings: [`the last cycle could not run: ${why}`],
      timezone: 'UTC',
    });
  });

  it('a once holding the lock is named, not mistaken for no runner at all', async () => {
    const file = seat.config();
    mkdirSync(seat.repo.dataDir, { recursive: true });
    // A live process that is not the daemon (the daemon's status file would name it).
    writeFileSync(join(seat.repo.dataDir, 'daemon.lock'), `${process.ppid}\n`);
    expect(await seat.run('status', '--config', file)).toBe(0);
    expect(seat.out()).toContain(`daemon:    not running (overnight once is running, pid ${process.ppid})\n`);
    seat.clear();
    expect(await seat.run('status', '--config', file, '--json')).toBe(0);
    expect(JSON.parse(seat.out())).toMatchObject({ daemon: { running: false }, once: { running: true, pid: process.ppid } });
  });
});

describe('overnight report', () => {
  it('plurals, error cycles apart, local times, cycle numbers, PR links, branches only once pushed', async () => {
    const file = seat.config({ pr: { openedBy: 'runner' }, schedule: { timezone: 'Asia/Kolkata', window: { start: '01:00', end: '05:00' }, every: '30m' } });
    await onceWithPr(file, 4);
    // A second cycle the runner could not work in: the agent is missing.
    const broken = seat.config({ pr: { openedBy: 'runner' }, schedule: { timezone: 'Asia/Kolkata', window: { start: '01:00', end: '05:00' }, every: '30m' }, agents: { default: 'ghost', defs: { ghost: { kind: 'command', bin: '/nonexistent/ghost' } } } });
    expect(await seat.run('once', '--config', broken, '--ignore-window')).toBe(1);
    seat.clear();

    expect(await seat.run('report', '--config', file)).toBe(0);
    const text = normalise(seat.out(), seat);
    expect(text).toMatch(/^overnight report for the night of \d{4}-\d\d-\d\d \(times in Asia\/Kolkata\)\n2 cycles \(1 run, 1 error\), 1 session, 1 PR, 0 agent minutes\n/);
    expect(text).toMatch(/\n {2}\d\d:\d\d cycle 1 pr-open: agent\/<session> PR #4\n/);
    expect(text).toMatch(/\n {2}\d\d:\d\d cycle 2 error: agent "ghost": binary `\/nonexistent\/ghost` not found or not executable; set agents\.defs\.ghost\.bin\n/);
    expect(text).toContain('    PR #4 https://github.com/acme/widgets/pull/4 (agent/<session>)\n');

    seat.clear();
    expect(await seat.run('report', '--config', file, '--json')).toBe(0);
    const report = JSON.parse(seat.out()) as { timezone: string; cycles: { startedAt: string }[]; totals: Record<string, number>; sessions: Record<string, unknown>[] };
    expect(report.timezone).toBe('Asia/Kolkata');
    // The text's clock is Kolkata's (UTC+05:30), the JSON's times UTC.
    const kolkata = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Kolkata' });
    expect(report.cycles[0]!.startedAt).toMatch(/Z$/);
    expect(text).toContain(`  ${kolkata.format(new Date(report.cycles[0]!.startedAt))} cycle 1 pr-open`);
    expect(report.totals).toMatchObject({ cycles: 2, cyclesRun: 1, cyclesIdle: 0, cyclesSkipped: 0, cyclesError: 1, sessions: 1, prs: 1, agentMinutes: 0 });
    expect(report.sessions[0]).toMatchObject({ state: 'pr-open', pushed: true, prNumber: 4, prUrl: 'https://github.com/acme/widgets/pull/4' });
  });

  it('without a config: exit 2 and how to make one', async () => {
    vi.stubEnv('OVERNIGHT_HOME', join(seat.repo.root, 'home'));
    expect(await seat.run('report')).toBe(2);
    expect(seat.err()).toBe(`no config at ${join(seat.repo.root, 'home', 'config.json')}: create one with \`overnight init\`, or pass --config FILE\n`);
  });
});
