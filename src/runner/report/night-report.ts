import type { CycleCheck, CycleRow, SessionRow } from '../store/rows.js';

export interface SessionLine {
  id: string;
  goal: string;
  goalTitle: string;
  agent: string;
  state: SessionRow['state'];
  outcome?: SessionRow['outcome'];
  durationSec?: number;
  verify?: SessionRow['verify'];
  branch: string;
  prNumber?: number;
  error?: string;
  logPath?: string;
  /** When the agent started (ISO); absent for a session that never got that far. */
  startedAt?: string;
  /** When the session reached its end (its PR open, or failed, no changes, timeout, abandoned); absent while it is still on its way. */
  finishedAt?: string;
}

export interface NightReport {
  night: string;
  cycles: {
    id: number;
    scheduledAt: string;
    startedAt: string;
    catchUp: boolean;
    outcome: string;
    reasons: string[];
    detail?: string;
    /** The gate's constraint checks, when it ran them. */
    checks?: CycleCheck[];
  }[];
  sessions: SessionLine[];
  totals: {
    cycles: number;
    /** Cycles that went past the gate and the decision (whatever became of their session). */
    cyclesRun: number;
    /** Gate open, nothing to do. */
    cyclesIdle: number;
    /** Gate closed (or the goal was claimed by another runner). */
    cyclesSkipped: number;
    sessions: number;
    prs: number;
    agentMinutes: number;
  };
}

/** The morning report of one night (pure, over store rows). */
export function buildNightReport(night: string, cycles: readonly CycleRow[], sessions: readonly SessionRow[]): NightReport {
  const agentMs = sessions.reduce((sum, session) => sum + (session.agentMs ?? 0), 0);
  const skipped = cycles.filter((cycle) => cycle.outcome === 'skipped').length;
  const idle = cycles.filter((cycle) => cycle.outcome === 'idle').length;
  return {
    night,
    cycles: cycles.map((cycle) => ({
      id: cycle.id,
      scheduledAt: cycle.scheduledAt,
      startedAt: cycle.startedAt,
      catchUp: cycle.catchUp,
      // A cycle with no outcome was cut short by a crash.
      outcome: cycle.outcome ?? 'interrupted',
      reasons: cycle.reasons,
      ...(cycle.detail ? { detail: cycle.detail } : {}),
      ...(cycle.checks ? { checks: cycle.checks } : {}),
    })),
    sessions: sessions.map((session) => ({
      id: session.id,
      goal: session.goal,
      goalTitle: session.goalTitle,
      agent: session.agent,
      state: session.state,
      ...(session.outcome ? { outcome: session.outcome } : {}),
      ...(session.agentMs !== undefined ? { durationSec: Math.round(session.agentMs / 1000) } : {}),
      ...(session.verify ? { verify: session.verify } : {}),
      branch: session.branch,
      ...(session.prNumber !== undefined ? { prNumber: session.prNumber } : {}),
      ...(session.error ? { error: session.error } : {}),
      ...(session.logPath ? { logPath: session.logPath } : {}),
      ...(session.startedAt ? { startedAt: session.startedAt } : {}),
      ...(session.finishedAt ? { finishedAt: session.finishedAt } : {}),
    })),
    totals: {
      cycles: cycles.length,
      cyclesRun: cycles.length - skipped - idle,
      cyclesIdle: idle,
      cyclesSkipped: skipped,
      sessions: sessions.length,
      prs: sessions.filter((session) => session.prNumber !== undefined).length,
      agentMinutes: Math.round(agentMs / 6_000) / 10,
    },
  };
}

export function formatNightReport(report: NightReport): string {
  const { totals } = report;
  const lines = [
    `overnight report for the night of ${report.night}`,
    `${totals.cycles} cycles (${totals.cyclesRun} run, ${totals.cyclesIdle} idle, ${totals.cyclesSkipped} skipped), ${totals.sessions} sessions, ${totals.prs} PRs, ${totals.agentMinutes} agent minutes`,
    '',
    'Cycles:',
  ];
  if (report.cycles.length === 0) lines.push('  none');
  for (const cycle of report.cycles) {
    const why = cycle.reasons.length > 0 ? `: ${cycle.reasons.join('; ')}` : cycle.detail ? `: ${cycle.detail}` : '';
    lines.push(`  ${cycle.startedAt.slice(11, 16)}Z #${cycle.id}${cycle.catchUp ? ' (catch-up)' : ''} ${cycle.outcome}${why}`);
    // The gate measures every fact; the text shows what the config requires (--json keeps them all).
    const required = (cycle.checks ?? []).filter((check) => check.required);
    if (required.length > 0) lines.push(`    checks: ${required.map(formatCheck).join(', ')}`);
  }
  lines.push('', 'Sessions:');
  if (report.sessions.length === 0) lines.push('  none');
  for (const session of report.sessions) {
    const result = session.outcome === 'timeout' && session.state !== 'timeout' ? `${session.state} (timeout, partial)` : session.state;
    const duration = session.durationSec !== undefined ? formatSeconds(session.durationSec) : '-';
    lines.push(`  ${session.id} ${session.goal} "${session.goalTitle}"`);
    lines.push(`    agent ${session.agent}, ${result}, ${duration}, verify ${session.verify ?? '-'}`);
    lines.push(`    branch ${session.branch}${session.prNumber !== undefined ? `, PR #${session.prNumber}` : ''}`);
    if (session.error) lines.push(`    ${session.error}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `pluggedIn ✓`; a failed check says why. */
function formatCheck(check: CycleCheck): string {
  return check.ok ? `${check.name} ✓` : `${check.name} ✗ (${check.reason})`;
}

/** `42 s` under a minute, else `12.5 min`: a demo's one-second sessions should not read "0 min". */
function formatSeconds(seconds: number): string {
  return seconds < 60 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 6) / 10} min`;
}
