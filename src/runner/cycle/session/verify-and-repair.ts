import { appendFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { sumUsage, type FinalUsage } from '../../agents/index.js';
import type { SessionRow } from '../../store/index.js';
import { patchPathFor, type Executed, type ExecuteDeps, type SessionWork } from './execute.js';
import { judgeRound } from './judge-round.js';
import { repairPrompt } from './repair-prompt.js';
import { runRound, spentBy, type RoundRecord } from './session-round.js';
import { runVerify as defaultRunVerify, type VerifyResult } from './verify.js';

/** A repair is not started with less of the session's time budget left than this. */
export const MIN_REPAIR_MS = 30_000;

export type Verified =
  | (SessionWork & {
      kind: 'verified';
      verify: VerifyResult;
      /** Repair rounds that ran. */
      repairs: number;
      /** The session's usage over all its rounds. */
      usage: FinalUsage;
    })
  | { kind: 'finished'; session: SessionRow };

type Changes = Extract<Executed, { kind: 'changes' }>;

/**
 * Verifies the agent's work and, while it fails and the session has time and budget left, gives
 * the failure back to the same agent (resuming its own session where it can), at most
 * `verify.repairAttempts` times. Each round is staged, guarded and test-checked again, verified
 * again and recorded (its usage, duration, verify result); the commit is made from the last one.
 */
export async function verifyAndRepair(deps: ExecuteDeps, executed: Changes): Promise<Verified> {
  const { config, store, workspaces, sessionsDir, git } = deps;
  const { context } = executed;
  const id = executed.session.id;
  const rounds: RoundRecord[] = [...executed.rounds];
  let state: Pick<Changes, 'staged' | 'summary' | 'outcome' | 'stoppedBy' | 'guardNote' | 'findings'> = {
    staged: executed.staged,
    summary: executed.summary,
    outcome: executed.outcome,
    findings: executed.findings,
    ...(executed.stoppedBy ? { stoppedBy: executed.stoppedBy } : {}),
    ...(executed.guardNote ? { guardNote: executed.guardNote } : {}),
  };
  let verify = await verifyOnce(deps, executed, rounds.at(-1)!);
  let repairs = 0;

  const log = (text: string) => appendFile(context.logFile, `[overnight] ${text}\n`);
  while (verify.result === 'failed') {
    const why = whyNoRepair(deps, rounds, repairs, state.outcome);
    if (why) {
      if (config.verify.repairAttempts > 0) await log(`verify failed; no repair: ${why}`);
      break;
    }
    repairs += 1;
    const resumeId = rounds.map((round) => round.usage.agentSessionId).filter(Boolean).at(-1);
    const text = repairPrompt({
      verifyCommand: config.verify.command!,
      outputTail: verify.outputTail,
      timedOut: verify.timedOut,
      round: repairs,
      of: config.verify.repairAttempts,
      findings: state.findings.map((finding) => finding.detail),
      mode: context.agent.repairMode,
      resumeId,
      prompt: context.prompt,
    });
    await log(`verify failed; repair ${repairs} of ${config.verify.repairAttempts}`);
    let ran: Awaited<ReturnType<typeof runRound>>;
    try {
      ran = await runRound(context, rounds, { text, ...(resumeId && context.agent.repairMode === 'resume' ? { resumeId } : {}) });
    } catch (error) {
      await log(`repair ${repairs} could not start: ${deps.redact((error as Error).message)}`);
      break;
    }
    if ('notStarted' in ran) {
      await log(`repair ${repairs} not started: ${ran.notStarted} has nothing left`);
      repairs -= 1;
      break;
    }
    rounds.push(ran);
    const judged = await judgeRound({ git, workspaces, config, sessionId: id, baseSha: executed.session.baseSha!, agent: context.agent, logFile: context.logFile }, ran);
    if (judged.kind === 'end') {
      store.updateSession(id, { repairs });
      if (judged.keepPatch) await workspaces.snapshot(id, executed.session.baseSha!, patchPathFor(sessionsDir, id));
      await workspaces.release(id);
      const session = store.moveSession(id, judged.state, { finishedAt: deps.now().toISOString(), ...(judged.error ? { error: judged.error } : {}) }, judged.error);
      return { kind: 'finished', session };
    }
    const summary = deps.redact(context.agent.extractSummary(ran.run.stdout, ran.run.stderr) ?? '');
    const stoppedBy = ran.stopped && ran.stopped !== 'time' ? ran.stopped : state.stoppedBy;
    state = {
      staged: judged.staged,
      summary: summary ? `${state.summary}\n\nAfter repair ${repairs}: ${summary}` : state.summary,
      outcome: ran.stopped ? 'timeout' : state.outcome,
      ...(stoppedBy ? { stoppedBy } : {}),
      findings: judged.findings,
      ...(judged.guardNote ? { guardNote: judged.guardNote } : {}),
    };
    verify = await verifyOnce(deps, executed, ran);
  }

  const session = store.updateSession(id, {
    repairs,
    testFindings: state.findings,
    ...(state.stoppedBy ? { stoppedBy: state.stoppedBy } : {}),
  });
  return {
    ...state,
    kind: 'verified',
    session,
    durationMs: spentBy(rounds).agentMs,
    verify,
    repairs,
    usage: sumUsage(rounds.map((round) => round.usage)),
  };
}

/** Why the failure does not go back to the agent (again); undefined when it does. */
function whyNoRepair(deps: ExecuteDeps, rounds: readonly RoundRecord[], repairs: number, outcome: Changes['outcome']): string | undefined {
  const { config } = deps;
  if (repairs >= config.verify.repairAttempts) return `verify.repairAttempts is ${config.verify.repairAttempts}`;
  if (outcome === 'timeout') return 'the agent was stopped (time or a cap)';
  const left = config.budget.perSessionMinutes * 60_000 - spentBy(rounds).agentMs;
  if (left < MIN_REPAIR_MS) return `${Math.max(0, Math.round(left / 1000))} s of the session's time budget left`;
  return undefined;
}

/** The verify command in the workspace, under its own budget, in the sandbox as the agent was; recorded with the round before it. */
async function verifyOnce(deps: ExecuteDeps, executed: Changes, round: RoundRecord): Promise<VerifyResult> {
  const { config, store, context } = { ...deps, context: executed.context };
  const runVerify = deps.runVerify ?? defaultRunVerify;
  const worktree = context.workspace.path;
  const started = performance.now();
  const verify = config.verify.command
    ? await runVerify({
        command: config.verify.command,
        cwd: worktree,
        timeoutMs: config.verify.timeoutMinutes * 60_000,
        logFile: context.logFile,
        redact: deps.redact,
        signal: context.signal,
        passEnv: config.verify.passEnv,
        prepared: await deps.containment.prepare({ name: `${executed.session.id}-verify`, kind: 'command', workspace: worktree, sessionRead: executed.readOnlyPaths }),
        ...(deps.graceMs !== undefined ? { graceMs: deps.graceMs } : {}),
      })
    : ({ result: 'skipped', timedOut: false, outputTail: '' } as const);
  if (context.signal.aborted) throw new Error('the runner was stopped during verification');
  store.rounds.record({
    sessionId: executed.session.id,
    round: round.round,
    startedAt: round.startedAt,
    verify: verify.result,
    ...(verify.result !== 'skipped' ? { verifyMs: Math.round(performance.now() - started) } : {}),
  });
  return verify;
}
