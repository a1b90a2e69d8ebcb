import type { BudgetConfig } from '../../config/index.js';
import { formatCostUsd, formatTokenCount } from '../../protocol/index.js';
import type { RoundRow, SessionRow } from '../store/rows.js';

/** What one session used and how its verification went, as the report shows it. */
export interface SessionSpend {
  /** Dollars over all rounds; absent when unknown (no figure from the agent, no pricing). */
  costUsd?: number;
  /** Absent when the agent reported no usage at all. */
  tokens?: { input: number; output: number };
  /** Rounds the verify failure went back to the agent. */
  repairs?: number;
  /** The cap that stopped the agent. */
  stoppedBy?: string;
  /** What weakened the tests in the change as committed. */
  testFindings?: string[];
  /** Each round (the first run, then each repair), when there was more than one. */
  rounds?: { round: number; agentSec?: number; verify?: string; costUsd?: number; tokens?: { input: number; output: number } }[];
}

export function sessionSpend(session: SessionRow, rounds: readonly RoundRow[]): SessionSpend {
  const own = rounds.filter((round) => round.sessionId === session.id);
  // An agent that reported no usage at all has no token figure, not a figure of 0.
  const usage = session.usageBasis !== 'none' && (session.inputTokens !== undefined || session.outputTokens !== undefined);
  return {
    ...(session.costUsd !== undefined ? { costUsd: session.costUsd } : {}),
    ...(usage ? { tokens: { input: session.inputTokens ?? 0, output: session.outputTokens ?? 0 } } : {}),
    ...(session.repairs ? { repairs: session.repairs } : {}),
    ...(session.stoppedBy ? { stoppedBy: session.stoppedBy } : {}),
    ...(session.testFindings && session.testFindings.length > 0 ? { testFindings: session.testFindings.map((finding) => finding.detail) } : {}),
    ...(own.length > 1
      ? {
          rounds: own.map((round) => ({
            round: round.round,
            ...(round.agentMs !== undefined ? { agentSec: Math.round(round.agentMs / 1000) } : {}),
            ...(round.verify ? { verify: round.verify } : {}),
            ...(round.costUsd !== undefined ? { costUsd: round.costUsd } : {}),
            ...(round.inputTokens !== undefined ? { tokens: { input: round.inputTokens, output: round.outputTokens ?? 0 } } : {}),
          })),
        }
      : {}),
  };
}

/** The night's spend: dollars of the sessions whose cost is known, the tokens of all. */
export interface NightSpendTotals {
  costUsd: number;
  /** Sessions that used tokens at an unknown price: their dollars are in no total and no cap. */
  costUnknownSessions: number;
  tokens: { input: number; output: number };
}

export function spendTotals(sessions: readonly SessionSpend[]): NightSpendTotals {
  return {
    costUsd: Math.round(sessions.reduce((sum, session) => sum + (session.costUsd ?? 0), 0) * 1e6) / 1e6,
    costUnknownSessions: sessions.filter((session) => session.costUsd === undefined && session.tokens !== undefined && session.tokens.input + session.tokens.output > 0).length,
    tokens: {
      input: sessions.reduce((sum, session) => sum + (session.tokens?.input ?? 0), 0),
      output: sessions.reduce((sum, session) => sum + (session.tokens?.output ?? 0), 0),
    },
  };
}

/** One configured night cap against what the night used. */
export interface BudgetLine {
  cap: 'budget.maxCostPerNightUsd' | 'budget.maxTokensPerNight' | 'budget.maxAgentMinutesPerNight' | 'budget.maxCostPerSessionUsd';
  limit: number;
  /** The night's figure; for the per-session cap, the most any one session used. */
  used: number;
  reached: boolean;
}

export function budgetLines(totals: NightSpendTotals, agentMinutes: number, sessions: readonly SessionSpend[], budget: Partial<BudgetConfig> = {}): BudgetLine[] {
  const lines: BudgetLine[] = [];
  const add = (cap: BudgetLine['cap'], limit: number | undefined, used: number) => {
    if (limit !== undefined) lines.push({ cap, limit, used, reached: used >= limit });
  };
  add('budget.maxCostPerNightUsd', budget.maxCostPerNightUsd, totals.costUsd);
  add('budget.maxTokensPerNight', budget.maxTokensPerNight, totals.tokens.input + totals.tokens.output);
  add('budget.maxAgentMinutesPerNight', budget.maxAgentMinutesPerNight, agentMinutes);
  add('budget.maxCostPerSessionUsd', budget.maxCostPerSessionUsd, Math.max(0, ...sessions.map((session) => session.costUsd ?? 0)));
  return lines;
}

/** The report's spend lines: the night's total, then each cap with what it allowed. */
export function formatSpendLines(totals: NightSpendTotals, budget: readonly BudgetLine[]): string[] {
  const lines: string[] = [];
  const tokens = totals.tokens.input + totals.tokens.output;
  if (tokens > 0 || totals.costUsd > 0) {
    const unknown = totals.costUnknownSessions > 0 ? ` (+ ${totals.costUnknownSessions} ${totals.costUnknownSessions === 1 ? 'session' : 'sessions'} at an unknown price)` : '';
    lines.push(`spend: $${formatCostUsd(totals.costUsd)}${unknown}, ${formatTokenCount(tokens)} tokens (${formatTokenCount(totals.tokens.input)} in, ${formatTokenCount(totals.tokens.output)} out)`);
  }
  for (const line of budget) {
    const show = line.cap.includes('Cost') ? (amount: number) => `$${formatCostUsd(amount)}` : line.cap.includes('Tokens') ? formatTokenCount : (amount: number) => `${amount} min`;
    const what = line.cap === 'budget.maxCostPerSessionUsd' ? 'most by one session' : 'used';
    lines.push(`budget: ${line.cap} ${show(line.limit)}: ${what} ${show(line.used)}${line.reached ? ' (reached)' : ''}`);
  }
  return lines;
}

/** A session's own spend line and its notes, indented under it. */
export function formatSessionSpend(spend: SessionSpend): string[] {
  const parts = [
    spend.costUsd !== undefined ? `$${formatCostUsd(spend.costUsd)}` : spend.tokens ? 'cost unknown' : '',
    spend.tokens ? `${formatTokenCount(spend.tokens.input + spend.tokens.output)} tokens` : '',
    spend.repairs ? `${spend.repairs} ${spend.repairs === 1 ? 'repair' : 'repairs'}` : '',
    spend.stoppedBy ? `stopped by ${spend.stoppedBy}` : '',
  ].filter((part) => part !== '');
  return [
    ...(parts.length > 0 ? [`    ${parts.join(', ')}`] : []),
    ...(spend.testFindings ?? []).map((finding) => `    tests weakened: ${finding}`),
  ];
}

