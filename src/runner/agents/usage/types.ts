/**
 * How a run ended, in the agent's own words. Claude Code's result subtypes are passed through
 * (`success`, `error_max_turns`, `error_max_budget_usd`, `error_during_execution`, and any later
 * `error_*`); Codex's `turn.failed` and `error` events become `error`.
 */
export type AgentOutcome = 'success' | 'error' | `error_${string}`;

export interface Usage {
  /** Dollars spent; undefined when neither the agent nor configured pricing says. */
  costUsd?: number;
  /** Every input token the model read, cache reads and writes included, so agents compare. */
  inputTokens: number;
  outputTokens: number;
  /** The part of `inputTokens` served from the provider's prompt cache. */
  cacheReadTokens?: number;
  /** The part of `inputTokens` written to the prompt cache (billed above plain input by Anthropic). */
  cacheWriteTokens?: number;
  turns?: number;
  /** Claude's `session_id` or Codex's thread id: what `--resume` / `codex exec resume` take. */
  agentSessionId?: string;
  outcome?: AgentOutcome;
  /** True when the agent itself reported failure (a `success` subtype can still carry `is_error`). */
  isError?: boolean;
}

export interface FinalUsage extends Usage {
  /**
   * `reported`: the agent printed its own end-of-run figures. `estimated`: it stopped (or was
   * stopped) before that, so the figures are what streamed until then. `none`: no usage at all.
   */
  basis: 'reported' | 'estimated' | 'none';
  /** Where `costUsd` came from: the agent's own figure, or tokens times configured pricing. */
  costFrom?: 'agent' | 'pricing';
}

/** USD per million tokens, for agents that print tokens but no dollars. */
export interface Pricing {
  inputPerMTok: number;
  /** Cache reads; plain input price when unset. */
  cachedInputPerMTok?: number;
  /** Cache writes (Anthropic); plain input price when unset. */
  cacheWritePerMTok?: number;
  outputPerMTok: number;
}

export interface UsageMeterOptions {
  pricing?: Pricing;
  /**
   * Codex only: the usage already counted for this thread by earlier runs. `codex exec resume`
   * reports the thread's running total, so without it a resumed run would count them again.
   */
  resumedFrom?: Pick<Usage, 'inputTokens' | 'outputTokens' | 'cacheReadTokens'>;
}

/** Fed the agent's stdout one line at a time, as it runs. Never throws. */
export interface UsageMeter {
  push(line: string): void;
  current(): Usage;
  final(): FinalUsage;
}
