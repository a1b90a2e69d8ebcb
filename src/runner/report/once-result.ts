import type { RunnerConfig } from '../../config/index.js';
import { pullRequestUrl } from '../github/web-url.js';
import type { SessionRow, VerifyOutcome } from '../store/rows.js';

/**
 * `overnight once --json`: one object, every key always present (null when it does not apply).
 * `outcome` is the cycle's (`pr-open`, `pushed`, `committed`, `no-changes`, `failed`, `timeout`,
 * `abandoned`, `skipped`, `idle`, `error`) or `locked` when another runner holds the state dir.
 */
export interface OnceResult {
  outcome: string;
  detail: string | null;
  cycle: number | null;
  session: string | null;
  goal: string | null;
  agent: string | null;
  /** Only once it was pushed. */
  branch: string | null;
  prNumber: number | null;
  prUrl: string | null;
  verify: VerifyOutcome | null;
  /** `complete`, or `timeout` when the budget ran out and the partial work was kept. */
  sessionOutcome: 'complete' | 'timeout' | null;
  logPath: string | null;
  agentSeconds: number | null;
}

const PUSHED: readonly string[] = ['pushed', 'pr-open'];

export function onceResult(
  result: { outcome: string; detail?: string | undefined },
  cycle: number | undefined,
  session: SessionRow | undefined,
  config: Pick<RunnerConfig, 'github' | 'repo'>,
): OnceResult {
  const pushed = session !== undefined && PUSHED.includes(session.state);
  const pr = session?.prNumber;
  return {
    outcome: result.outcome,
    detail: result.detail ?? null,
    cycle: cycle ?? null,
    session: session?.id ?? null,
    goal: session?.goal ?? null,
    agent: session?.agent ?? null,
    branch: pushed ? session.branch : null,
    prNumber: pr ?? null,
    prUrl: pr === undefined ? null : pullRequestUrl(config.github.apiUrl, config.repo.github, pr),
    verify: session?.verify ?? null,
    sessionOutcome: session?.outcome ?? null,
    logPath: session?.logPath ?? null,
    agentSeconds: session?.agentMs === undefined ? null : Math.round(session.agentMs / 1000),
  };
}

/** A `once` that never reached a cycle: another runner held the lock, or the runner could not open. */
export function onceFailure(outcome: 'locked' | 'error', detail: string): OnceResult {
  return {
    outcome,
    detail,
    cycle: null,
    session: null,
    goal: null,
    agent: null,
    branch: null,
    prNumber: null,
    prUrl: null,
    verify: null,
    sessionOutcome: null,
    logPath: null,
    agentSeconds: null,
  };
}
