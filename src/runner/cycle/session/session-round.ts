import type { RunnerConfig } from '../../../config/index.js';
import { sumUsage, type FinalUsage, type ResolvedAgent } from '../../agents/index.js';
import type { StoppedBy } from '../../../protocol/index.js';
import type { RunAgentOptions, RunAgentResult } from '../../process/run-agent.js';
import type { Redact } from '../../process/redact.js';
import type { Containment } from '../../sandbox/containment.js';
import type { SessionRow, Store } from '../../store/index.js';
import { exhausted, nightSpendOf, runLimits } from '../gate/budget-gate.js';
import { runSessionAgent, type SessionRun } from './run-session-agent.js';

/** What every round of one session shares. */
export interface SessionContext {
  store: Store;
  config: Pick<RunnerConfig, 'budget'>;
  containment: Containment;
  redact: Redact;
  runAgent: (options: RunAgentOptions) => Promise<RunAgentResult>;
  graceMs: number;
  now: () => Date;
  session: Pick<SessionRow, 'id' | 'night'>;
  agent: ResolvedAgent;
  workspace: { path: string; readOnlyPaths: readonly string[] };
  prompt: string;
  /** What was left out of the prompt to fit its cap, named in the session log. */
  promptTrimmed?: readonly string[];
  /** Each line of the agent's output as it arrives (redacted), for a live view. */
  onOutput?: (line: string) => void;
  logFile: string;
  signal: AbortSignal;
}

/** One round: the first agent run (0) or a repair (1, 2, ...). */
export interface RoundRecord {
  round: number;
  startedAt: string;
  run: SessionRun;
  usage: FinalUsage;
  /** `time` for the session's time budget; a cap's field when a cap stopped it (by the runner, or by Claude's own `--max-budget-usd`). */
  stopped?: 'time' | StoppedBy;
}

/** What the session's rounds so far used: the session's share of every cap. */
export function spentBy(rounds: readonly RoundRecord[]): { costUsd: number; tokens: number; agentMs: number } {
  const usage = sumUsage(rounds.map((round) => round.usage));
  return { costUsd: usage.costUsd ?? 0, tokens: usage.inputTokens + usage.outputTokens, agentMs: rounds.reduce((sum, round) => sum + round.run.durationMs, 0) };
}

/**
 * Runs one round of a session's agent under what is left of its time budget and of every cap
 * (the session's and the night's, the night's other sessions counted as far as they got), keeps
 * its usage in the store as it grows and once it ends, and says what stopped it. Undefined, with
 * the cap, when a cap has nothing left and the round never started.
 */
export async function runRound(ctx: SessionContext, earlier: readonly RoundRecord[], repair?: { text: string; resumeId?: string }): Promise<RoundRecord | { notStarted: StoppedBy }> {
  const { store, config, session } = ctx;
  const before = spentBy(earlier);
  const limits = () => runLimits(config.budget, nightSpendOf(store.sessionsOfNight(session.night).filter((other) => other.id !== session.id)), before);
  const first = limits();
  const empty = exhausted(first);
  if (empty) return { notStarted: empty.cap };

  const round = earlier.length;
  const startedAt = ctx.now().toISOString();
  const resumedFrom = repair?.resumeId ? sumUsage(earlier.filter((done) => done.usage.agentSessionId === repair.resumeId).map((done) => done.usage)) : undefined;
  const run = await runSessionAgent({
    containment: ctx.containment,
    agent: ctx.agent,
    workspace: ctx.workspace,
    session: session.id,
    prompt: ctx.prompt,
    ...(repair ? { repair } : ctx.promptTrimmed ? { promptTrimmed: ctx.promptTrimmed } : {}),
    ...(ctx.onOutput ? { onOutput: ctx.onOutput } : {}),
    usage: {
      limits,
      ...(resumedFrom ? { resumedFrom } : {}),
      onProgress: (usage) => store.updateSession(session.id, totals(sumUsage([...earlier.map((done) => done.usage), { ...usage, basis: 'estimated' }]))),
    },
    ...(first.costUsd ? { maxBudgetUsd: first.costUsd.left } : {}),
    runAgent: ctx.runAgent,
    timeoutMs: Math.max(1, config.budget.perSessionMinutes * 60_000 - before.agentMs),
    graceMs: ctx.graceMs,
    logFile: ctx.logFile,
    redact: ctx.redact,
    signal: ctx.signal,
    onSpawn: (pid) => store.updateSession(session.id, { agentPid: pid }),
  });
  // Claude stops itself at `--max-budget-usd`, which the tightest cost cap set.
  const selfStopped = run.usage.outcome === 'error_max_budget_usd' ? first.costUsd?.cap : undefined;
  const stopped = run.cap ?? selfStopped ?? (run.timedOut ? 'time' : undefined);
  const record: RoundRecord = { round, startedAt, run, usage: run.usage, ...(stopped ? { stopped } : {}) };
  const all = [...earlier, record];
  store.updateSession(session.id, { ...totals(sumUsage(all.map((done) => done.usage))), agentMs: spentBy(all).agentMs });
  store.rounds.record({
    sessionId: session.id,
    round,
    startedAt,
    agentMs: run.durationMs,
    ...(run.exitCode !== undefined ? { exitCode: run.exitCode } : {}),
    ...(stopped ? { stopped: stopped === 'time' ? 'timeout' : stopped } : {}),
    ...usageColumns(run.usage),
  });
  return record;
}

/** The session row's usage columns; an unknown cost is cleared, never written as 0. */
export function totals(usage: FinalUsage) {
  return {
    costUsd: usage.costUsd ?? null,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    turns: usage.turns ?? null,
    usageBasis: usage.basis,
    ...(usage.agentSessionId ? { agentSessionId: usage.agentSessionId } : {}),
  };
}

export function usageColumns(usage: FinalUsage) {
  return {
    ...(usage.costUsd !== undefined ? { costUsd: Math.round(usage.costUsd * 1e6) / 1e6 } : {}),
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    ...(usage.turns !== undefined ? { turns: usage.turns } : {}),
    usageBasis: usage.basis,
  };
}
