import { performance } from 'node:perf_hooks';
import { createUsageMeter, tailCodexRollout, type FinalUsage, type ResolvedAgent, type Usage, type UsageMeterOptions } from '../../agents/index.js';
import type { StoppedBy } from '../../../protocol/index.js';
import { capReached, type RunLimits } from '../gate/budget-gate.js';

export interface UsageWatchInput {
  agent: Pick<ResolvedAgent, 'kind' | 'pricing'>;
  /** Codex: what earlier rounds of the same thread used (a resumed thread reports them again). */
  resumedFrom?: UsageMeterOptions['resumedFrom'];
  /** The run's limits; asked again at most every `refreshMs`, as the night's other sessions spend too. */
  limits: () => RunLimits;
  /** The round's usage as it grows, at most every `refreshMs` (the store keeps it for the night's spend). */
  onProgress?: (usage: Usage) => void;
  /** Codex's state dir: its rollout file shows usage before the turn ends. */
  codexHome?: string;
  refreshMs?: number;
  now?: () => number;
}

export interface UsageWatch {
  /** Feed it each stdout line (runAgent's `onStdoutLine`). */
  onStdoutLine(line: string): void;
  /** Aborted, with a reason naming the cap, when the run reaches one (runAgent's `stop`). */
  stop: AbortSignal;
  /** The cap that stopped it, if one did. */
  stoppedBy(): StoppedBy | undefined;
  /** Stop watching; the usage of the whole run. */
  finish(): Promise<FinalUsage>;
}

/**
 * Meters one agent run from its own output and stops it at the first cap it reaches: the session's
 * dollars, the night's dollars, tokens or agent minutes. Once the agent has printed its closing
 * figures (Claude's `result`, Codex's `turn.completed`) it has finished: a cap reached by that last
 * figure stops nothing, and the next session's gate sees it.
 */
export function watchUsage(input: UsageWatchInput): UsageWatch {
  const { agent, refreshMs = 1_000, now = () => performance.now() } = input;
  const meter = createUsageMeter(agent.kind, { ...(agent.pricing ? { pricing: agent.pricing } : {}), ...(input.resumedFrom ? { resumedFrom: input.resumedFrom } : {}) });
  const controller = new AbortController();
  let stoppedBy: StoppedBy | undefined;
  let limits = input.limits();
  let limitsAt = now();
  let reportedAt = Number.NEGATIVE_INFINITY;

  const stopAt = (cap: StoppedBy, reason: string) => {
    if (controller.signal.aborted) return;
    stoppedBy = cap;
    controller.abort(reason);
  };
  const check = () => {
    if (controller.signal.aborted) return;
    const usage = meter.current();
    if (now() - reportedAt >= refreshMs) {
      reportedAt = now();
      input.onProgress?.(usage);
    }
    if (usage.outcome !== undefined) return;
    if (now() - limitsAt >= refreshMs) {
      limits = input.limits();
      limitsAt = now();
    }
    const reached = capReached({ costUsd: usage.costUsd, tokens: usage.inputTokens + usage.outputTokens }, limits);
    if (reached) stopAt(reached.cap, reached.reason);
  };

  // The night's agent minutes run out on the clock, whatever the agent prints.
  const minutes = limits.agentMs;
  const timer = minutes ? setTimeout(() => stopAt(minutes.cap, `the night's agent minutes ran out (${minutes.cap})`), minutes.left) : undefined;
  timer?.unref();

  const tail =
    agent.kind === 'codex' && input.codexHome
      ? tailCodexRollout({
          codexHome: input.codexHome,
          threadId: () => meter.current().agentSessionId,
          onLine: (line) => {
            meter.push(line);
            check();
          },
          everyMs: refreshMs,
        })
      : undefined;

  return {
    onStdoutLine(line) {
      meter.push(line);
      check();
    },
    stop: controller.signal,
    stoppedBy: () => stoppedBy,
    async finish() {
      if (timer) clearTimeout(timer);
      await tail?.stop();
      const usage = meter.final();
      input.onProgress?.(usage);
      return usage;
    },
  };
}
