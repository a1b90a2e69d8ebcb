import type { BudgetConfig } from '../../config/index.js';
import type { ClaimRow, CycleCheck, CycleRow, RoundRow, SessionRow } from '../store/rows.js';
import { budgetLines, formatSessionSpend, formatSpendLines, sessionSpend, spendTotals, type BudgetLine, type NightSpendTotals, type SessionSpend } from './night-spend.js';

/** A session's claim ref as the report shows it. */
export interface ClaimLine {
  ref: string;
  state: ClaimRow['state'];
  claimedAt: string;
  refreshedAt?: string;
  releasedAt?: string;
  /** Releases tried; more than one means GitHub failed a release and a later settle retried it. */
  releaseAttempts: number;
  lastError?: string;
  note?: string;
}

export interface SessionLine extends SessionSpend {
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
  /** Pushes that failed (retried with backoff, or given up). */
  pushAttempts?: number;
  claim?: ClaimLine;
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
  } & NightSpendTotals;
  /** Each configured cap against what the night used (night-spend.ts). */
  budget?: BudgetLine[];
}

/** What else the report reads: each session's rounds, and the caps to show spend against. */
export interface NightReportExtras {
  rounds?: readonly RoundRow[];
  budget?: Partial<BudgetConfig>;
}

/** The morning report of one night (pure, over store rows). */
export function buildNightReport(
  night: string,
  cycles: readonly CycleRow[],
  sessions: readonly SessionRow[],
  claims: readonly ClaimRow[] = [],
  extras: NightReportExtras = {},
): NightReport {
  const agentMs = sessions.reduce((sum, session) => sum + (session.agentMs ?? 0), 0);
  const spends = sessions.map((session) => sessionSpend(session, extras.rounds ?? []));
  const spent = spendTotals(spends);
  const agentMinutes = Math.round(agentMs / 6_000) / 10;
  const budget = budgetLines(spent, agentMinutes, spends, extras.budget);
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
    sessions: sessions.map((session, index) => ({
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
      ...(session.pushAttempts > 0 ? { pushAttempts: session.pushAttempts } : {}),
      ...claimOf(session.id, claims),
      ...spends[index],
    })),
    totals: {
      cycles: cycles.length,
      cyclesRun: cycles.length - skipped - idle,
      cyclesIdle: idle,
      cyclesSkipped: skipped,
      sessions: sessions.length,
      prs: sessions.filter((session) => session.prNumber !== undefined).length,
      agentMinutes,
      ...spent,
    },
    ...(budget.length > 0 ? { budget } : {}),
  };
}

/** The newest claim of a session (a take-over may have replaced an earlier one). */
function claimOf(sessionId: string, claims: readonly ClaimRow[]): { claim?: ClaimLine } {
  const row = claims.filter((claim) => claim.sessionId === sessionId).at(-1);
  if (!row) return {};
  const { ref, state, claimedAt, refreshedAt, releasedAt, releaseAttempts, lastError, note } = row;
  return {
    claim: {
      ref,
      state,
      claimedAt,
      ...(refreshedAt ? { refreshedAt } : {}),
      ...(releasedAt ? { releasedAt } : {}),
      releaseAttempts,
      ...(lastError ? { lastError } : {}),
      ...(note ? { note } : {}),
    },
  };
}

export function formatNightReport(report: NightReport): string {
  const { totals } = report;
  const lines = [
    `overnight report for the night of ${report.night}`,
    `${totals.cycles} cycles (${totals.cyclesRun} run, ${totals.cyclesIdle} idle, ${totals.cyclesSkipped} skipped), ${totals.sessions} sessions, ${totals.prs} PRs, ${totals.agentMinutes} agent minutes`,
  ];
  lines.push(...formatSpendLines(totals, report.budget ?? []));
  const uncontained = report.cycles.filter((cycle) => cycle.checks?.some((check) => check.name === 'sandbox' && !check.required)).length;
  if (uncontained > 0) {
    lines.push(`WARNING: ${uncontained} ${uncontained === 1 ? 'cycle' : 'cycles'} ran with sandbox.mode "off": agents worked without a sandbox, as your user`);
  }
  lines.push('', 'Cycles:');
  if (report.cycles.length === 0) lines.push('  none');
  for (const cycle of report.cycles) {
    const why = cycle.reasons.length > 0 ? `: ${cycle.reasons.join('; ')}` : cycle.detail ? `: ${cycle.detail}` : '';
    lines.push(`  ${cycle.startedAt.slice(11, 16)}Z #${cycle.id}${cycle.catchUp ? ' (catch-up)' : ''} ${cycle.outcome}${why}`);
    // The gate measures every fact; the text shows what the config requires (--json keeps them
    // all), and the sandbox always: "off" is worth a line every time.
    const required = (cycle.checks ?? []).filter((check) => check.required || check.name === 'sandbox');
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
    lines.push(...formatSessionSpend(session));
    if (session.error) lines.push(`    ${session.error}`);
    // A claim still held after its session ended is one GitHub has not confirmed gone yet.
    const { claim } = session;
    if (claim && (claim.state === 'pending' || claim.state === 'held') && ['no-changes', 'failed', 'timeout', 'abandoned', 'pr-open'].includes(session.state)) {
      lines.push(`    claim ${claim.ref} not released yet (${claim.releaseAttempts} attempts${claim.lastError ? `: ${claim.lastError}` : ''}); the next cycle retries`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `pluggedIn ✓`, `sandbox bwrap 0.8.0 ✓`; a failed check says why. */
function formatCheck(check: CycleCheck): string {
  if (check.name === 'sandbox' && !check.required) return 'sandbox off';
  if (check.ok) return check.name === 'sandbox' ? `sandbox ${check.reason} ✓` : `${check.name} ✓`;
  return `${check.name} ✗ (${check.reason})`;
}

/** `42 s` under a minute, else `12.5 min`: a demo's one-second sessions should not read "0 min". */
function formatSeconds(seconds: number): string {
  return seconds < 60 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 6) / 10} min`;
}
