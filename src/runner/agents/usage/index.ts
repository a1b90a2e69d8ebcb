/**
 * Cost and token usage from the agents' own output, as they run and when they end.
 *
 * - `createUsageMeter(kind, { pricing?, resumedFrom? })` -> `{ push(line), current(), final() }`
 * - `createLineSplitter(onLine)` -> `{ write(chunk), end() }`: stdout chunks to lines for `push`
 * - `usageTrailers(finalUsage)` -> `Overnight-Cost-USD` / `Overnight-Tokens` trailers; `formatCostUsd`
 */
export { createUsageMeter } from './create-usage-meter.js';
export { createLineSplitter, type LineSplitter } from './split-lines.js';
export { usageTrailers, formatCostUsd, COST_TRAILER, TOKENS_TRAILER } from './format-usage.js';
export type { AgentOutcome, FinalUsage, Pricing, Usage, UsageMeter, UsageMeterOptions } from './types.js';
