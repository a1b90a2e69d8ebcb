import type { Trailer } from '../../../protocol/index.js';
import type { FinalUsage } from './types.js';

export const COST_TRAILER = 'Overnight-Cost-USD';
export const TOKENS_TRAILER = 'Overnight-Tokens';

/**
 * Dollars to 1/100 of a cent, trailing zeros dropped down to cents: 0.42 -> "0.42",
 * 0.1834 -> "0.1834", 0.004 -> "0.004", 1.5 -> "1.50". Cents alone would print a cheap session
 * (many cost a fraction of a cent) as "0.00", which reads as free or as unknown.
 */
export function formatCostUsd(costUsd: number): string {
  const fixed = (Math.round(costUsd * 10_000) / 10_000).toFixed(4);
  return fixed.replace(/0{1,2}$/, '');
}

/**
 * `Overnight-Cost-USD` when the cost is known (never a made-up 0), and `Overnight-Tokens`
 * (input, cache included, plus output) when the agent reported any usage at all.
 */
export function usageTrailers(usage: FinalUsage): Trailer[] {
  const trailers: Trailer[] = [];
  if (usage.costUsd !== undefined && Number.isFinite(usage.costUsd) && usage.costUsd >= 0) {
    trailers.push({ key: COST_TRAILER, value: formatCostUsd(usage.costUsd) });
  }
  if (usage.basis !== 'none') {
    trailers.push({ key: TOKENS_TRAILER, value: String(Math.round(usage.inputTokens + usage.outputTokens)) });
  }
  return trailers;
}
