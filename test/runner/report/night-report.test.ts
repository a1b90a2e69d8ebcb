import { describe, expect, it } from 'vitest';
import { formatNightReport } from '../../../src/runner/report/format-night-report.js';
import { buildNightReport as build, type NightReportExtras } from '../../../src/runner/report/night-report.js';
import type { ClaimRow, CycleRow, SessionRow } from '../../../src/runner/store/rows.js';

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

const context = { timezone: 'Europe/Berlin', apiUrl: 'https://api.github.com', repo: 'acme/widgets' };
const buildNightReport = (night: string, rows: CycleRow[], sessionRows: SessionRow[], claims: ClaimRow[] = [], extras: NightReportExtras = {}) =>
  build(night, rows, sessionRows, context, claims, extras);

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
  pushAttempts: 0,
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
    expect(report.totals).toStrictEqual({
      cycles: 5,
      cyclesRun: 2,
      cyclesIdle: 1,
      cyclesSkipped: 1,
      cyclesError: 1,
      sessions: 2,
      prs: 1,
      agentMinutes: 42.5,
      costUsd: 0,
      costUnknownSessions: 0,
      tokens: { input: 0, output: 0 },
    });
    expect(report).not.toHaveProperty('budget');
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
      pushed: false,
      error: 'ran out of its budget with no changes',
    });
    expect(report.sessions[0]).toMatchObject({ pushed: true, prNumber: 7, prUrl: 'https://github.com/acme/widgets/pull/7' });
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
        'overnight report for the night of 2026-11-28 (times in Europe/Berlin)',
        '5 cycles (2 run, 1 idle, 1 skipped, 1 error), 2 sessions, 1 PR, 42.5 agent minutes',
        '',
        'Cycles:',
        '  01:00 cycle 1 skipped: on battery (83%), pluggedIn is required',
        '    checks: pluggedIn ✗ (on battery (83%), pluggedIn is required), wifiOnly ✓',
        '  01:30 cycle 2 (catch-up) pr-open: agent/x PR #7',
        // An unconfigured check is measured (and kept in --json) but not shown.
        '    checks: pluggedIn ✓',
        '  02:00 cycle 3 timeout',
        '  02:30 cycle 4 interrupted',
        '  03:00 cycle 5 idle: #3 paused; #1, #2 have open PRs',
        '',
        'Sessions:',
        '  20261128-0130-aaaaaa #12 "Add notes"',
        '    agent claude-code, pr-open, 12 min, verify passed',
        '    PR #7 https://github.com/acme/widgets/pull/7 (agent/20261128-0130-aaaaaa)',
        // Never pushed: no branch to look for.
        '  20261128-0200-bbbbbb config:0 "Bump deps"',
        '    agent codex, timeout, 30.5 min, verify -',
        '    ran out of its budget with no changes',
        '',
      ].join('\n'),
    );
  });

  it('gives a session shorter than a minute in seconds', () => {
    expect(formatNightReport(buildNightReport('2026-11-28', [], [session({ agentMs: 3_400 })]))).toContain('    agent claude-code, pr-open, 3 s, verify -\n');
  });

  it('counts in the singular when there is one, and names a pushed branch that has no PR yet', () => {
    const text = formatNightReport(buildNightReport('2026-11-28', [cycles[1]!], [session({ state: 'pushed', agentMs: 60_000 })]));
    expect(text).toContain('1 cycle (1 run), 1 session, 0 PRs, 1 agent minute\n');
    expect(text).toContain('    pushed agent/20261128-0130-aaaaaa, no PR yet\n');
  });

  it('shows clock times in the schedule zone, across a DST change and on GitHub Enterprise links', () => {
    const ghe = build('2026-03-28', [{ ...cycles[0]!, id: 9, startedAt: '2026-03-29T00:30:00.000Z' }, { ...cycles[0]!, id: 10, startedAt: '2026-03-29T01:30:00.000Z' }], [session({ prNumber: 3 })], {
      timezone: 'Europe/Berlin',
      apiUrl: 'https://ghe.acme.test/api/v3',
      repo: 'acme/widgets',
    });
    const text = formatNightReport(ghe);
    // 00:30Z is 01:30 CET; 01:30Z is 03:30 CEST, after the clocks went forward.
    expect(text).toContain('  01:30 cycle 9 skipped');
    expect(text).toContain('  03:30 cycle 10 skipped');
    expect(text).toContain('    PR #3 https://ghe.acme.test/acme/widgets/pull/3 (agent/20261128-0130-aaaaaa)\n');
  });

  it('says so when a night had nothing', () => {
    expect(formatNightReport(buildNightReport('2026-11-29', [], []))).toContain('Cycles:\n  none\n\nSessions:\n  none\n');
  });

  it('shows each session’s claim and failed pushes, and a claim GitHub has not confirmed released yet', () => {
    const failed = session({ id: '20261128-0300-cccccc', state: 'failed', pushAttempts: 5, error: 'push failed 5 times, giving up: fatal: unable to access' });
    const claim = (extra: Partial<ClaimRow>): ClaimRow => ({
      id: 1,
      ref: 'refs/heads/overnight-claims/issue-12',
      goal: '#12',
      sessionId: failed.id,
      runner: 'mac',
      state: 'held',
      claimedAt: '2026-11-28T03:00:00.000Z',
      releaseAttempts: 1,
      lastError: 'Bad Gateway',
      ...extra,
    });
    const report = buildNightReport('2026-11-28', [], [failed], [claim({})]);
    expect(report.sessions[0]).toMatchObject({
      pushAttempts: 5,
      claim: { ref: 'refs/heads/overnight-claims/issue-12', state: 'held', claimedAt: '2026-11-28T03:00:00.000Z', releaseAttempts: 1, lastError: 'Bad Gateway' },
    });
    expect(formatNightReport(report)).toContain('    claim refs/heads/overnight-claims/issue-12 not released yet (1 attempt: Bad Gateway); the next cycle retries\n');
    const released = buildNightReport('2026-11-28', [], [failed], [claim({ id: 2, state: 'released', releaseAttempts: 2, releasedAt: '2026-11-28T03:30:00.000Z' })]);
    expect(released.sessions[0]?.claim).toMatchObject({ state: 'released', releaseAttempts: 2, releasedAt: '2026-11-28T03:30:00.000Z' });
    expect(formatNightReport(released)).not.toContain('not released yet');
    // A session with no claim row (an older overnight) and no failed push shows neither.
    expect(buildNightReport('2026-11-28', [], [session({})]).sessions[0]).not.toHaveProperty('claim');
    expect(buildNightReport('2026-11-28', [], [session({})]).sessions[0]).not.toHaveProperty('pushAttempts');
  });

  it('shows the sandbox each cycle ran with, and warns when agents ran without one', () => {
    const base = { night: '2026-11-28', scheduledAt: '2026-11-28T00:00:00.000Z', catchUp: false, reasons: [] };
    const contained: CycleRow = { ...base, id: 1, startedAt: '2026-11-28T00:00:01.000Z', outcome: 'pr-open', checks: [{ name: 'sandbox', required: true, ok: true, reason: 'bwrap 0.8.0' }] };
    const missing: CycleRow = {
      ...base,
      id: 2,
      startedAt: '2026-11-28T00:30:01.000Z',
      outcome: 'skipped',
      reasons: ['sandbox required: no working sandbox: bubblewrap (the `bwrap` command) is not installed; fix: sudo apt install bubblewrap'],
      checks: [{ name: 'sandbox', required: true, ok: false, reason: 'no working sandbox: bubblewrap (the `bwrap` command) is not installed; fix: sudo apt install bubblewrap' }],
    };
    const off: CycleRow = {
      ...base,
      id: 3,
      startedAt: '2026-11-28T01:00:01.000Z',
      outcome: 'pr-open',
      checks: [{ name: 'sandbox', required: false, ok: false, reason: 'off (sandbox.mode: "off"): agents run without a sandbox, as your user' }],
    };
    const text = formatNightReport(buildNightReport('2026-11-28', [contained, missing, off], []));
    expect(text).toContain('\nWARNING: 1 cycle ran with sandbox.mode "off": agents worked without a sandbox, as your user\n');
    expect(text).toContain('  01:00 cycle 1 pr-open\n    checks: sandbox bwrap 0.8.0 ✓\n');
    expect(text).toContain('    checks: sandbox ✗ (no working sandbox: bubblewrap (the `bwrap` command) is not installed; fix: sudo apt install bubblewrap)\n');
    expect(text).toContain('  02:00 cycle 3 pr-open\n    checks: sandbox off\n');
    expect(formatNightReport(buildNightReport('2026-11-28', [contained], []))).not.toContain('WARNING');
  });

  it('shows no token figure for an agent that reported no usage at all', () => {
    const silent = session({ inputTokens: 0, outputTokens: 0, usageBasis: 'none' });
    const report = buildNightReport('2026-11-28', [], [silent]);
    expect(report.sessions[0]).not.toHaveProperty('tokens');
    expect(report.totals).toMatchObject({ costUnknownSessions: 0, tokens: { input: 0, output: 0 } });
    expect(formatNightReport(report)).not.toContain('0 tokens');
  });

  it('gives each session\'s cost, tokens, repairs and rounds, and the night\'s totals against every cap', () => {
    const usage = [
      session({ costUsd: 0.42, inputTokens: 10_000, outputTokens: 2_000, repairs: 1, verify: 'passed', agentMs: 600_000, prNumber: 7 }),
      session({ id: '20261128-0200-bbbbbb', agent: 'codex', inputTokens: 50_000, outputTokens: 1_000, agentMs: 300_000, stoppedBy: 'budget.maxCostPerSessionUsd', outcome: 'timeout', testFindings: [{ kind: 'tests-skipped', file: 'a.test.ts', detail: 'a.test.ts adds it.skip' }] }),
      session({ id: '20261128-0300-cccccc', state: 'failed', error: 'agent exited with code 1' }),
    ];
    const rounds = [
      { sessionId: '20261128-0130-aaaaaa', round: 0, startedAt: 'a', agentMs: 400_000, verify: 'failed' as const, costUsd: 0.3, inputTokens: 7_000, outputTokens: 1_500 },
      { sessionId: '20261128-0130-aaaaaa', round: 1, startedAt: 'b', agentMs: 200_000, verify: 'passed' as const, costUsd: 0.12, inputTokens: 3_000, outputTokens: 500 },
      { sessionId: '20261128-0200-bbbbbb', round: 0, startedAt: 'c', agentMs: 300_000 },
    ];
    const report = buildNightReport('2026-11-28', [], usage, [], { rounds, budget: { maxCostPerNightUsd: 1, maxTokensPerNight: 60_000, maxCostPerSessionUsd: 0.4 } });

    expect(report.sessions[0]).toMatchObject({
      costUsd: 0.42,
      tokens: { input: 10_000, output: 2_000 },
      repairs: 1,
      rounds: [
        { round: 0, agentSec: 400, verify: 'failed', costUsd: 0.3, tokens: { input: 7_000, output: 1_500 } },
        { round: 1, agentSec: 200, verify: 'passed', costUsd: 0.12, tokens: { input: 3_000, output: 500 } },
      ],
    });
    expect(report.sessions[1]).toMatchObject({ tokens: { input: 50_000, output: 1_000 }, stoppedBy: 'budget.maxCostPerSessionUsd', testFindings: ['a.test.ts adds it.skip'] });
    expect(report.sessions[1]).not.toHaveProperty('costUsd');
    expect(report.sessions[1]).not.toHaveProperty('rounds');
    expect(report.sessions[2]).not.toHaveProperty('tokens');
    expect(report.totals).toMatchObject({ costUsd: 0.42, costUnknownSessions: 1, tokens: { input: 60_000, output: 3_000 } });
    expect(report.budget).toStrictEqual([
      { cap: 'budget.maxCostPerNightUsd', limit: 1, used: 0.42, reached: false },
      { cap: 'budget.maxTokensPerNight', limit: 60_000, used: 63_000, reached: true },
      { cap: 'budget.maxCostPerSessionUsd', limit: 0.4, used: 0.42, reached: true },
    ]);

    const text = formatNightReport(report);
    expect(text).toContain('\nspend: $0.42 (+ 1 session at an unknown price), 63,000 tokens (60,000 in, 3,000 out)\n');
    expect(text).toContain('\nbudget: budget.maxCostPerNightUsd $1.00: used $0.42\n');
    expect(text).toContain('\nbudget: budget.maxTokensPerNight 60,000: used 63,000 (reached)\n');
    expect(text).toContain('\nbudget: budget.maxCostPerSessionUsd $0.40: most by one session $0.42 (reached)\n');
    expect(text).toContain('    PR #7 https://github.com/acme/widgets/pull/7 (agent/20261128-0130-aaaaaa)\n    $0.42, 12,000 tokens, 1 repair\n');
    expect(text).toContain('    cost unknown, 51,000 tokens, stopped by budget.maxCostPerSessionUsd\n    tests weakened: a.test.ts adds it.skip\n');
  });
});

