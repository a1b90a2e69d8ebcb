import type { FinalUsage } from './types.js';

const NONE: FinalUsage = { inputTokens: 0, outputTokens: 0, basis: 'none' };

/**
 * A session's usage over its rounds (the first run and each repair). The cost is known only when
 * every round that used anything knows its own: a sum over some rounds would pass for the whole.
 * The agent's session id is the last one seen (what the next `--resume` takes).
 */
export function sumUsage(rounds: readonly FinalUsage[]): FinalUsage {
  const used = rounds.filter((round) => round.basis !== 'none');
  if (used.length === 0) return NONE;
  const costKnown = used.every((round) => round.costUsd !== undefined);
  const sum = (pick: (round: FinalUsage) => number | undefined) => used.reduce((total, round) => total + (pick(round) ?? 0), 0);
  const turns = used.some((round) => round.turns !== undefined) ? sum((round) => round.turns) : undefined;
  const agentSessionId = rounds.map((round) => round.agentSessionId).filter(Boolean).at(-1);
  return {
    // Dollars to a millionth: a sum of float figures should not read $0.30000000000000004.
    ...(costKnown ? { costUsd: Math.round(sum((round) => round.costUsd) * 1e6) / 1e6 } : {}),
    inputTokens: sum((round) => round.inputTokens),
    outputTokens: sum((round) => round.outputTokens),
    cacheReadTokens: sum((round) => round.cacheReadTokens),
    cacheWriteTokens: sum((round) => round.cacheWriteTokens),
    ...(turns !== undefined ? { turns } : {}),
    ...(agentSessionId ? { agentSessionId } : {}),
    basis: used.every((round) => round.basis === 'reported') ? 'reported' : 'estimated',
  };
}
