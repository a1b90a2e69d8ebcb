/**
 * Cost and token usage from the agents' own output, as they run and when they end.
 *
 * - `createUsageMeter(kind, { pricing?, resumedFrom? })` -> `{ push(line), current(), final() }`
 * - `createLineSplitter(onLine)` -> `{ write(chunk), end() }`: stdout chunks to lines for `push`
 * - `usageTrailerFields(finalUsage)` -> the `Overnight-Cost-USD` / `Overnight-Tokens` trailer fields; `formatCostUsd`
 * - `tailCodexRollout({ codexHome, threadId, onLine })`: Codex's running totals before its turn ends
 * - `sumUsage(rounds)` -> a session's usage over its first run and its repairs
 */
export { createUsageMeter } from './create-usage-meter.js';
export { createLineSplitter, type LineSplitter } from './split-lines.js';
export { usageTrailerFields, formatCostUsd } from './format-usage.js';
export { sumUsage } from './sum-usage.js';
export { tailCodexRollout, type RolloutTail, type RolloutTailOptions } from './tail-codex-rollout.js';
export type { AgentOutcome, FinalUsage, Pricing, Usage, UsageMeter, UsageMeterOptions } from './types.js';
