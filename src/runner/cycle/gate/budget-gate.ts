import type { BudgetConfig } from '../../../config/index.js';
import { formatCostUsd, formatTokenCount, type StoppedBy } from '../../../protocol/index.js';
import type { SessionRow } from '../../store/index.js';

/** What tonight's sessions have used, from the store (running sessions included, as far as they got). */
export interface NightSpend {
  /** Dollars of the sessions whose cost is known. */
  costUsd: number;
  /** Sessions that used tokens at an unknown price (Codex without pricing): no cost cap can count them. */
  unknownCost: number;
  /** Input plus output tokens. */
  tokens: number;
  agentMs: number;
}

export type NightCaps = Pick<BudgetConfig, 'maxCostPerNightUsd' | 'maxTokensPerNight' | 'maxAgentMinutesPerNight'>;
export type SessionCaps = NightCaps & Pick<BudgetConfig, 'maxCostPerSessionUsd'>;

export const NO_SPEND: NightSpend = { costUsd: 0, unknownCost: 0, tokens: 0, agentMs: 0 };

type Spending = Pick<SessionRow, 'costUsd' | 'inputTokens' | 'outputTokens' | 'agentMs' | 'usageBasis'>;

/** Dollars to a millionth: sums of float figures must not miss a cap by 1e-16. */
const money = (amount: number) => Math.round(amount * 1e6) / 1e6;

export function nightSpendOf(sessions: readonly Spending[]): NightSpend {
  const spend = sessions.reduce<NightSpend>((sum, session) => {
    const tokens = (session.inputTokens ?? 0) + (session.outputTokens ?? 0);
    return {
      costUsd: sum.costUsd + (session.costUsd ?? 0),
      unknownCost: sum.unknownCost + (session.costUsd === undefined && tokens > 0 ? 1 : 0),
      tokens: sum.tokens + tokens,
      agentMs: sum.agentMs + (session.agentMs ?? 0),
    };
  }, NO_SPEND);
  return { ...spend, costUsd: money(spend.costUsd) };
}

export const usd = (amount: number) => `$${formatCostUsd(amount)}`;
const minutes = (ms: number) => `${Math.round(ms / 6_000) / 10}`;

/**
 * May another session start, as far as the night's caps go? Every cap the night has reached, each
 * naming the figure and the cap ("night cost $1.20 reached budget.maxCostPerNightUsd $1.00"); none
 * when it may (pure). The sessions still running count as far as they got: the caller's spend
 * includes them.
 */
export function nightCapReasons(spend: NightSpend, caps: NightCaps): string[] {
  const reasons: string[] = [];
  if (caps.maxCostPerNightUsd !== undefined && spend.costUsd >= caps.maxCostPerNightUsd) {
    reasons.push(`night cost ${usd(spend.costUsd)} reached budget.maxCostPerNightUsd ${usd(caps.maxCostPerNightUsd)}`);
  }
  if (caps.maxTokensPerNight !== undefined && spend.tokens >= caps.maxTokensPerNight) {
    reasons.push(`night tokens ${formatTokenCount(spend.tokens)} reached budget.maxTokensPerNight ${formatTokenCount(caps.maxTokensPerNight)}`);
  }
  if (caps.maxAgentMinutesPerNight !== undefined && spend.agentMs >= caps.maxAgentMinutesPerNight * 60_000) {
    reasons.push(`agent minutes tonight ${minutes(spend.agentMs)} reached budget.maxAgentMinutesPerNight ${caps.maxAgentMinutesPerNight}`);
  }
  return reasons;
}

/** How much more one run may use, each with the cap that sets it: the tightest of the session's cap and the night's remainder. */
export interface RunLimits {
  costUsd?: { left: number; cap: StoppedBy };
  tokens?: { left: number; cap: StoppedBy };
  agentMs?: { left: number; cap: StoppedBy };
}

/**
 * The limits of a session's next run (its first, or a repair): `earlier` is what its own earlier
 * rounds used, `elsewhere` what the night's other sessions used (pure).
 */
export function runLimits(caps: SessionCaps, elsewhere: NightSpend, earlier: { costUsd: number; tokens: number; agentMs: number }): RunLimits {
  const tightest = (options: [number | undefined, StoppedBy][]) => {
    const set = options.filter((option): option is [number, StoppedBy] => option[0] !== undefined);
    if (set.length === 0) return undefined;
    const [left, cap] = set.reduce((a, b) => (b[0] < a[0] ? b : a));
    return { left: Math.max(0, left), cap };
  };
  const dollars = (cap: number | undefined, used: number) => (cap === undefined ? undefined : money(cap - used));
  const cost = tightest([
    [dollars(caps.maxCostPerSessionUsd, earlier.costUsd), 'budget.maxCostPerSessionUsd'],
    [dollars(caps.maxCostPerNightUsd, elsewhere.costUsd + earlier.costUsd), 'budget.maxCostPerNightUsd'],
  ]);
  const tokens = tightest([[minus(caps.maxTokensPerNight, elsewhere.tokens + earlier.tokens), 'budget.maxTokensPerNight']]);
  const nightMs = caps.maxAgentMinutesPerNight === undefined ? undefined : caps.maxAgentMinutesPerNight * 60_000;
  const agentMs = tightest([[minus(nightMs, elsewhere.agentMs + earlier.agentMs), 'budget.maxAgentMinutesPerNight']]);
  return { ...(cost ? { costUsd: cost } : {}), ...(tokens ? { tokens } : {}), ...(agentMs ? { agentMs } : {}) };
}

const minus = (cap: number | undefined, used: number) => (cap === undefined ? undefined : cap - used);

/** Nothing left under some cap: a run would be stopped at once, so none starts. */
export function exhausted(limits: RunLimits): { cap: StoppedBy } | undefined {
  const empty = [limits.costUsd, limits.tokens, limits.agentMs].find((limit) => limit !== undefined && limit.left <= 0);
  return empty ? { cap: empty.cap } : undefined;
}

/**
 * The cap a running round's usage has reached, with a reason naming the figure and the cap;
 * undefined while it is within them (pure). A cost the agent has not reported yet (Claude prints
 * dollars only at the end, Codex none without pricing) cannot pass a cost cap.
 */
export function capReached(usage: { costUsd?: number | undefined; tokens: number }, limits: RunLimits): { cap: StoppedBy; reason: string } | undefined {
  if (limits.costUsd && usage.costUsd !== undefined && usage.costUsd >= limits.costUsd.left) {
    return { cap: limits.costUsd.cap, reason: `cost ${usd(usage.costUsd)} reached what ${limits.costUsd.cap} left this run (${usd(limits.costUsd.left)})` };
  }
  if (limits.tokens && usage.tokens >= limits.tokens.left) {
    return { cap: limits.tokens.cap, reason: `${formatTokenCount(usage.tokens)} tokens reached what ${limits.tokens.cap} left this run (${formatTokenCount(limits.tokens.left)})` };
  }
  return undefined;
}
