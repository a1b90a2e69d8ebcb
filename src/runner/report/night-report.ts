import { pullRequestUrl } from '../github/web-url.js';
import type { BudgetConfig } from '../../config/index.js';
import type { ClaimRow, CycleCheck, CycleRow, RoundRow, SessionRow } from '../store/rows.js';
import { budgetLines, sessionSpend, spendTotals, type BudgetLine, type NightSpendTotals, type SessionSpend } from './night-spend.js';

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
  /** The branch the session pushes to; it exists on the remote only when `pushed`. */
  branch: string;
  pushed: boolean;
  prNumber?: number;
  prUrl?: string;
  error?: string;
  logPath?: string;
  /** Pushes that failed (retried with backoff, or given up). */
  pushAttempts?: number;
  claim?: ClaimLine;
  /** When the agent started (ISO); absent for a session that never got that far. */
  startedAt?: string;
  /** When the session reached its end (its PR open, or failed, no changes, timeout, abandoned); absent while it is still on its way. */
  finishedAt?: string;
}

/** `overnight report --json` (docs/cli.md). Times are UTC ISO-8601; the text shows them in `timezone`. */
export interface NightReport {
  night: string;
  timezone: string;
  cycles: {
    /** The cycle's number, "cycle 3" in the text. */
    id: number;
    scheduledAt: string;
    startedAt: string;
    catchUp: boolean;
    /** `interrupted` when the runner died during it. */
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
    /** The runner could not work (agent, clone, remote, GitHub), or died during the cycle. */
    cyclesError: number;
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

export interface NightReportContext {
  /** The schedule's zone: the text's clock times. */
  timezone: string;
  /** `github.apiUrl` and `repo.github`, for the PR links. */
  apiUrl: string;
  repo: string;
}

const PUSHED: readonly string[] = ['pushed', 'pr-open'];
const ERRORS: readonly string[] = ['error', 'interrupted'];

/** The morning report of one night (pure, over store rows). */
export function buildNightReport(
  night: string,
  cycles: readonly CycleRow[],
  sessions: readonly SessionRow[],
  context: NightReportContext,
  claims: readonly ClaimRow[] = [],
  extras: NightReportExtras = {},
): NightReport {
  const agentMs = sessions.reduce((sum, session) => sum + (session.agentMs ?? 0), 0);
  const spends = sessions.map((session) => sessionSpend(session, extras.rounds ?? []));
  const spent = spendTotals(spends);
  const agentMinutes = Math.round(agentMs / 6_000) / 10;
  const budget = budgetLines(spent, agentMinutes, spends, extras.budget);
  // A cycle with no outcome was cut short by a crash.
  const outcomes = cycles.map((cycle) => cycle.outcome ?? 'interrupted');
  const count = (wanted: readonly string[]) => outcomes.filter((outcome) => wanted.includes(outcome)).length;
  const [skipped, idle, errors] = [count(['skipped']), count(['idle']), count(ERRORS)];
  return {
    night,
    timezone: context.timezone,
    cycles: cycles.map((cycle, index) => ({
      id: cycle.id,
      scheduledAt: cycle.scheduledAt,
      startedAt: cycle.startedAt,
      catchUp: cycle.catchUp,
      outcome: outcomes[index]!,
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
      pushed: PUSHED.includes(session.state),
      ...(session.prNumber !== undefined ? { prNumber: session.prNumber, prUrl: pullRequestUrl(context.apiUrl, context.repo, session.prNumber) } : {}),
      ...(session.error ? { error: session.error } : {}),
      ...(session.logPath ? { logPath: session.logPath } : {}),
      ...(session.pushAttempts > 0 ? { pushAttempts: session.pushAttempts } : {}),
      ...claimOf(session.id, claims),
      ...spends[index],
      ...(session.startedAt ? { startedAt: session.startedAt } : {}),
      ...(session.finishedAt ? { finishedAt: session.finishedAt } : {}),
    })),
    totals: {
      cycles: cycles.length,
      cyclesRun: cycles.length - skipped - idle - errors,
      cyclesIdle: idle,
      cyclesSkipped: skipped,
      cyclesError: errors,
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
