import type { RunnerConfig } from '../../../config/index.js';
import type { Git } from '../../git/git.js';
import type { StagedChanges } from '../../git/stage-changes.js';
import type { Workspaces } from '../../git/workspace.js';
import type { ResolvedAgent } from '../../agents/index.js';
import type { SessionState, TestFinding } from '../../store/index.js';
import { checkTests } from '../tests-check/check-tests.js';
import { guardStagedChanges } from '../guard/collect-guard-changes.js';
import type { RoundRecord } from './session-round.js';

export interface JudgeInput {
  git: Git;
  workspaces: Workspaces;
  config: Pick<RunnerConfig, 'budget' | 'guard' | 'verify'>;
  sessionId: string;
  baseSha: string;
  agent: Pick<ResolvedAgent, 'name' | 'sandbox'>;
  logFile: string;
}

export type Judged =
  /** The session ends here, in `state`. */
  | { kind: 'end'; state: SessionState; error?: string; keepPatch: boolean }
  /** What the workspace holds now, staged and checked. */
  | { kind: 'changes'; staged: StagedChanges; guardNote?: string; findings: TestFinding[] };

/**
 * What a round leaves: the checks every round's result goes through before it may be verified and
 * published. The runner stopping ends the session; a round stopped by its time or a cap is kept
 * like a timeout (or dropped with `budget.onTimeout: "discard"`); the first round failing ends the
 * session, while a repair that fails still leaves what it changed to be verified; then the runner
 * repository's integrity, staging, the guard and the test check, on the workspace as it is now.
 */
export async function judgeRound(input: JudgeInput, record: RoundRecord): Promise<Judged> {
  const { run } = record;
  const { config, workspaces, sessionId } = input;
  const first = record.round === 0;
  if (run.aborted) return { kind: 'end', state: 'abandoned', error: 'the runner was stopped during the session', keepPatch: true };
  if (record.stopped && config.budget.onTimeout === 'discard') {
    return { kind: 'end', state: 'timeout', error: `${stopText(record, config)}; partial work discarded (onTimeout: discard)`, keepPatch: true };
  }
  if (first && !record.stopped) {
    if (run.exitCode !== 0) {
      const how = run.exitCode === undefined ? `signal ${run.signal}` : `code ${run.exitCode}`;
      return { kind: 'end', state: 'failed', error: `agent ${input.agent.name} exited with ${how}${unreadableHint(run, input.agent)}`, keepPatch: true };
    }
    // Claude can exit 0 with a result that says it failed ("success" with is_error).
    if (run.usage.isError) {
      return { kind: 'end', state: 'failed', error: `agent ${input.agent.name} reported an error (${run.usage.outcome ?? 'is_error'})`, keepPatch: true };
    }
  }
  const tampered = await workspaces.repairRepo();
  if (tampered.length > 0) {
    // Only reachable with no sandbox around the agent. The push and every later fetch run in
    // that repository: a helper, proxy or exclude the agent set there must never apply. The
    // runner's files are put back, and what this agent left is not trusted enough to push.
    return { kind: 'end', state: 'failed', error: `the agent changed the runner's git repository (${tampered.join(', ')}; restored); nothing is pushed`, keepPatch: true };
  }

  const staged = await workspaces.stage(sessionId, input.baseSha);
  if (!staged.changed) {
    const state = record.stopped ? 'timeout' : 'no-changes';
    return { kind: 'end', state, ...(record.stopped ? { error: `${stopText(record, config)} with no changes` } : {}), keepPatch: false };
  }
  const inTree = await workspaces.gitOptions(sessionId);
  const guard = await guardStagedChanges(input.git, inTree, input.baseSha, staged, config.guard, input.logFile);
  if (!guard.ok && !config.guard.allowForbidden) return { kind: 'end', state: 'failed', error: `guard: ${guard.reasons.join('; ')}`, keepPatch: true };

  const when = first ? 'after the agent' : `after repair ${record.round}`;
  const tests = await checkTests(input.git, { inTree, baseSha: input.baseSha, tree: staged.tree, guard: config.guard, verifyCommand: config.verify.command, logFile: input.logFile, when });
  if (tests.findings.length > 0 && config.guard.tests === 'fail') {
    return { kind: 'end', state: 'failed', error: `tests weakened (guard.tests: "fail"): ${tests.findings.map((finding) => finding.detail).join('; ')}`, keepPatch: true };
  }
  return {
    kind: 'changes',
    staged,
    findings: tests.findings,
    ...(guard.reasons.length > 0 ? { guardNote: `Guard tripped, pushed because guard.allowForbidden is set: ${guard.reasons.join('; ')}` } : {}),
  };
}

/** "ran out of its 30 min budget", "stopped by budget.maxCostPerSessionUsd". */
export function stopText(record: RoundRecord, config: Pick<RunnerConfig, 'budget'>): string {
  if (record.stopped === 'time') return `ran out of its ${config.budget.perSessionMinutes} min budget`;
  return `stopped by ${record.stopped}${record.run.stoppedBy ? ` (${record.run.stoppedBy})` : ''}`;
}

/**
 * bwrap's or sandbox-exec's "execvp" error, a shell's "not found" (127) or node's missing module
 * usually mean, inside the sandbox, that the agent's program or a file it loads is not readable there.
 */
function unreadableHint(run: RoundRecord['run'], agent: Pick<ResolvedAgent, 'name'>): string {
  const missing = run.exitCode === 127 || /bwrap: execvp|sandbox-exec: execvp|Cannot find module/.test(run.stderr);
  if (!missing) return '';
  return `; if its program or a file it needs lives outside the system dirs and the usual toolchains, add that dir to agents.defs.${agent.name}.sandbox.allowRead`;
}
