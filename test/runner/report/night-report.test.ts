import { describe, expect, it } from 'vitest';
import { buildNightReport, formatNightReport } from '../../../src/runner/report/night-report.js';
import type { CycleRow, SessionRow } from '../../../src/runner/store/rows.js';

const cycles: CycleRow[] = [
  {
    id: 1,
    night: '2026-11-28',
    scheduledAt: '2026-11-28T00:00:00.000Z',
    startedAt: '2026-11-28T00:00:01.000Z',
    catchUp: false,
    outcome: 'skipped',
    reasons: ['on battery (83%), pluggedIn is required'],
    checks: [
      { name: 'pluggedIn', required: true, ok: false, reason: 'on battery (83%), pluggedIn is required' },
      { name: 'wifiOnly', required: true, ok: true, reason: 'on wifi' },
    ],
  },
  {
    id: 2,
    night: '2026-11-28',
    scheduledAt: '2026-11-28T00:30:00.000Z',
    startedAt: '2026-11-28T00:30:01.000Z',
    catchUp: true,
    outcome: 'pr-open',
    reasons: [],
    detail: 'agent/x PR #7',
    checks: [
      { name: 'pluggedIn', required: true, ok: true, reason: 'on AC power' },
      { name: 'maxCpuPercent', required: false, ok: false, reason: 'CPU 90%, maxCpuPercent is 50' },
    ],
  },
  { id: 3, night: '2026-11-28', scheduledAt: '2026-11-28T01:00:00.000Z', startedAt: '2026-11-28T01:00:01.000Z', catchUp: false, outcome: 'timeout', reasons: [] },
  { id: 4, night: '2026-11-28', scheduledAt: '2026-11-28T01:30:00.000Z', startedAt: '2026-11-28T01:30:01.000Z', catchUp: false, reasons: [] },
  {
    id: 5,
    night: '2026-11-28',
    scheduledAt: '2026-11-28T02:00:00.000Z',
    startedAt: '2026-11-28T02:00:01.000Z',
    catchUp: false,
    outcome: 'idle',
    reasons: ['#3 paused', '#1, #2 have open PRs'],
    detail: 'nothing to do: #3 paused; #1, #2 have open PRs',
    checks: [],
  },
];

const session = (extra: Partial<SessionRow>): SessionRow => ({
  id: '20261128-0130-aaaaaa',
  night: '2026-11-28',
  state: 'pr-open',
  goal: '#12',
  goalTitle: 'Add notes',
  recurring: false,
  agent: 'claude-code',
  rationale: '',
  branch: 'agent/20261128-0130-aaaaaa',
  createdAt: '2026-11-28T00:30:01.000Z',
  updatedAt: '2026-11-28T00:40:00.000Z',
  ...extra,
});

const sessions = [
  session({ prNumber: 7, agentMs: 12 * 60_000, verify: 'passed', outcome: 'complete' }),
  session({ id: '20261128-0200-bbbbbb', state: 'timeout', goal: 'config:0', goalTitle: 'Bump deps', agent: 'codex', agentMs: 30 * 60_000 + 29_000, error: 'ran out of its budget with no changes', branch: 'agent/20261128-0200-bbbbbb' }),
];

describe('the morning report', () => {
  it('totals cycles run, idle (nothing to do) and skipped (gate closed), sessions, PRs and agent minutes', () => {
    const report = buildNightReport('2026-11-28', cycles, sessions);
    expect(report.totals).toStrictEqual({ cycles: 5, cyclesRun: 3, cyclesIdle: 1, cyclesSkipped: 1, sessions: 2, prs: 1, agentMinutes: 42.5 });
    expect(report.cycles.map((c) => c.outcome)).toStrictEqual(['skipped', 'pr-open', 'timeout', 'interrupted', 'idle']);
    expect(report.cycles[1]?.checks).toStrictEqual(cycles[1]!.checks);
    expect(report.cycles[2]).not.toHaveProperty('checks');
    expect(report.sessions[1]).toStrictEqual({
      id: '20261128-0200-bbbbbb',
      goal: 'config:0',
      goalTitle: 'Bump deps',
      agent: 'codex',
      state: 'timeout',
      durationSec: 1829,
      branch: 'agent/20261128-0200-bbbbbb',
      error: 'ran out of its budget with no changes',
    });
  });

  it('gives each session its start and end as ISO times, so yield can be computed from --json', () => {
    const timed = session({ startedAt: '2026-11-28T00:30:05.000Z', finishedAt: '2026-11-28T00:42:10.000Z', agentMs: 12 * 60_000 });
    const pushed = session({ id: '20261128-0200-cccccc', state: 'pushed', startedAt: '2026-11-28T01:00:03.000Z' });
    const [done, onItsWay] = buildNightReport('2026-11-28', [], [timed, pushed]).sessions;
    expect(done).toMatchObject({ startedAt: '2026-11-28T00:30:05.000Z', finishedAt: '2026-11-28T00:42:10.000Z' });
    expect(onItsWay).toMatchObject({ startedAt: '2026-11-28T01:00:03.000Z' });
    expect(onItsWay).not.toHaveProperty('finishedAt');
  });

  it('reads as a review: skip reasons, each session with agent, outcome, duration, verification, branch and PR', () => {
    expect(formatNightReport(buildNightReport('2026-11-28', cycles, sessions))).toBe(
      [
        'overnight report for the night of 2026-11-28',
        '5 cycles (3 run, 1 idle, 1 skipped), 2 sessions, 1 PRs, 42.5 agent minutes',
        '',
        'Cycles:',
        '  00:00Z #1 skipped: on battery (83%), pluggedIn is required',
        '    checks: pluggedIn ✗ (on battery (83%), pluggedIn is required), wifiOnly ✓',
        '  00:30Z #2 (catch-up) pr-open: agent/x PR #7',
        // An unconfigured check is measured (and kept in --json) but not shown.
        '    checks: pluggedIn ✓',
        '  01:00Z #3 timeout',
        '  01:30Z #4 interrupted',
        '  02:00Z #5 idle: #3 paused; #1, #2 have open PRs',
        '',
        'Sessions:',
        '  20261128-0130-aaaaaa #12 "Add notes"',
        '    agent claude-code, pr-open, 12 min, verify passed',
        '    branch agent/20261128-0130-aaaaaa, PR #7',
        '  20261128-0200-bbbbbb config:0 "Bump deps"',
        '    agent codex, timeout, 30.5 min, verify -',
        '    branch agent/20261128-0200-bbbbbb',
        '    ran out of its budget with no changes',
        '',
      ].join('\n'),
    );
  });

  it('gives a session shorter than a minute in seconds', () => {
    expect(formatNightReport(buildNightReport('2026-11-28', [], [session({ agentMs: 3_400 })]))).toContain('    agent claude-code, pr-open, 3 s, verify -\n');
  });

  it('says so when a night had nothing', () => {
    expect(formatNightReport(buildNightReport('2026-11-29', [], []))).toContain('Cycles:\n  none\n\nSessions:\n  none\n');
  });
});
