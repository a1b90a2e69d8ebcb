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
/** How the usage figures were obtained (see the usage meters): the agent's own totals, or what streamed before it stopped. */
export type UsageBasis = 'reported' | 'estimated' | 'none';

/** One way the change weakened the tests, as the test check found it. */
export interface TestFinding {
  kind: 'tests-deleted' | 'tests-skipped' | 'test-command-changed';
  file: string;
  detail: string;
}
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
  /** Dollars over all rounds; absent when unknown (no figure from the agent, no pricing). */
  costUsd?: number;
  /** Input (cache included) and output tokens over all rounds. */
  inputTokens?: number;
  outputTokens?: number;
  turns?: number;
  usageBasis?: UsageBasis;
  /** Claude's session id or Codex's thread id: what a repair resumes. */
  agentSessionId?: string;
  /** Rounds the verify failure went back to the agent. */
  repairs?: number;
  /** The cap that stopped the agent (`budget.maxCostPerSessionUsd`, ...); the outcome is then `timeout`. */
  stoppedBy?: string;
  /** What weakened the tests in the change as committed. */
  testFindings?: TestFinding[];
  /** Pushes tried that failed; a push that keeps failing gives up at `publish.maxPushAttempts`. */
  pushAttempts: number;
  /** No push before this time (backoff after a failed one). */
  nextPushAt?: string;
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
    | 'costUsd'
    | 'inputTokens'
    | 'outputTokens'
    | 'turns'
    | 'usageBasis'
    | 'agentSessionId'
    | 'repairs'
    | 'stoppedBy'
    | 'testFindings'
    | 'startedAt'
    | 'finishedAt'
    | 'pushedAt'
    | 'pushAttempts'
    | 'nextPushAt'
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

/**
 * A claim ref this runner made: `pending` until GitHub confirmed it, `held` while its session
 * needs it, `released` once GitHub confirmed it gone, `lost` when another runner took it over.
 */
export type ClaimState = 'pending' | 'held' | 'released' | 'lost';

export interface ClaimRow {
  id: number;
  ref: string;
  goal: string;
  sessionId: string;
  runner: string;
  state: ClaimState;
  /** The claim commit the ref points at as far as this runner knows (it moves with each refresh). */
  sha?: string;
  /** The tree every claim commit of this claim carries (refreshes reuse it). */
  treeSha?: string;
  claimedAt: string;
  refreshedAt?: string;
  releasedAt?: string;
  releaseAttempts: number;
  /** The last release that failed, and why. */
  lastError?: string;
  /** "took over the stale claim of ...", "taken over by ...". */
  note?: string;
}

/** One round of a session: the first agent run (0) or a repair (1, 2, ...), and the verify run after it. */
export interface RoundRow {
  sessionId: string;
  round: number;
  startedAt: string;
  agentMs?: number;
  exitCode?: number;
  /** `timeout`, or the cap that stopped the agent. */
  stopped?: string;
  costUsd?: number;
  inputTokens?: number;
  outputTokens?: number;
  turns?: number;
  usageBasis?: UsageBasis;
  verify?: VerifyOutcome;
  verifyMs?: number;
  testFindings?: TestFinding[];
}
