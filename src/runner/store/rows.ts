import type { SessionState } from './session-state.js';

/** Row shapes as the rest of the runner sees them: camelCase, ISO-8601 UTC times, no nulls. */
export interface CycleRow {
  id: number;
  night: string;
  scheduledAt: string;
  startedAt: string;
  finishedAt?: string;
  catchUp: boolean;
  /** "session", "skipped", "idle", "error", ... as the cycle recorded it. */
  outcome?: string;
  /** Every reason a closed gate gave, or why nothing ran. */
  reasons: string[];
  detail?: string;
  /** The constraint checks of the gate, pass or fail; absent when the gate did not run them. */
  checks?: CycleCheck[];
}

/** One constraint check as a cycle recorded it. */
export interface CycleCheck {
  name: string;
  /** An optional check that fails does not close the gate. */
  required: boolean;
  ok: boolean;
  reason: string;
}

export type VerifyOutcome = 'passed' | 'failed' | 'skipped';
export type SessionOutcome = 'complete' | 'timeout';

export interface SessionRow {
  id: string;
  cycleId?: number;
  night: string;
  state: SessionState;
  /** `#12` or `config:1` (protocol `formatGoalRef`). */
  goal: string;
  goalTitle: string;
  /** The PR this session revises. */
  revisionOf?: number;
  /** The goal stays open after a merge (`Refs #N`, not `Closes #N`). */
  recurring: boolean;
  agent: string;
  rationale: string;
  branch: string;
  baseSha?: string;
  /** Where the worktree started: the base, or the PR head a revision force-pushes over (with lease). */
  startSha?: string;
  worktree?: string;
  logPath?: string;
  claimRef?: string;
  agentPid?: number;
  commitSha?: string;
  prNumber?: number;
  outcome?: SessionOutcome;
  verify?: VerifyOutcome;
  error?: string;
  agentMs?: number;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  pushedAt?: string;
  updatedAt: string;
}

export interface NewSession {
  id: string;
  cycleId?: number;
  night: string;
  goal: string;
  goalTitle: string;
  revisionOf?: number;
  recurring?: boolean;
  agent: string;
  rationale: string;
  branch: string;
  claimRef?: string;
  logPath?: string;
}

/** Fields a session update may set (null clears one); the state only changes through `moveSession`. */
export type SessionPatch = Nullable<
  Pick<
    SessionRow,
    | 'baseSha'
    | 'startSha'
    | 'worktree'
    | 'logPath'
    | 'claimRef'
    | 'agentPid'
    | 'commitSha'
    | 'prNumber'
    | 'outcome'
    | 'verify'
    | 'error'
    | 'agentMs'
    | 'startedAt'
    | 'finishedAt'
    | 'pushedAt'
  >
>;

type Nullable<T> = { [K in keyof T]?: T[K] | null };

export interface TransitionRow {
  sessionId: string;
  from?: SessionState;
  to: SessionState;
  at: string;
  note?: string;
}

/** What decide needs to know of past attempts at one goal. */
export interface GoalHistory {
  lastAttemptAt?: string;
  failuresTonight: number;
}
