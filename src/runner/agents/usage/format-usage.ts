import { formatCostUsd, type SessionExtras } from '../../../protocol/index.js';
import type { FinalUsage } from './types.js';

export { formatCostUsd };

/**
 * The `Overnight-Cost-USD` and `Overnight-Tokens` fields of a session's trailers: the cost when
 * it is known (never a made-up 0), and input (cache included) plus output tokens when the agent
 * reported any usage at all.
 */
export function usageTrailerFields(usage: FinalUsage): Pick<SessionExtras, 'costUsd' | 'tokens'> {
  const known = usage.costUsd !== undefined && Number.isFinite(usage.costUsd) && usage.costUsd >= 0;
  return {
    ...(known ? { costUsd: usage.costUsd } : {}),
    ...(usage.basis !== 'none' ? { tokens: Math.round(usage.inputTokens + usage.outputTokens) } : {}),
  };
}
