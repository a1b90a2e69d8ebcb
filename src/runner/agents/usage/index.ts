/**
 * Cost and token usage from the agents' own output, as they run and when they end.
 *
 * - `createUsageMeter(kind, { pricing?, resumedFrom? })` -> `{ push(line), current(), final() }`
 * - `createLineSplitter(onLine)` -> `{ write(chunk), end() }`: stdout chunks to lines for `push`
 * - `usageTrailerFields(finalUsage)` -> the `Overnight-Cost-USD` / `Overnight-Tokens` trailer fields; `formatCostUsd`
 * - `sumUsage(rounds)` -> a session's usage over its first run and its repairs
 */
export { createUsageMeter } from './create-usage-meter.js';
export { createLineSplitter, type LineSplitter } from './split-lines.js';
export { usageTrailerFields, formatCostUsd } from './format-usage.js';
export { sumUsage } from './sum-usage.js';
export type { AgentOutcome, FinalUsage, Pricing, Usage, UsageMeter, UsageMeterOptions } from './types.js';
