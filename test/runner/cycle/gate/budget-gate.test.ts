import { describe, expect, it } from 'vitest';
import { capReached, exhausted, nightCapReasons, nightSpendOf, NO_SPEND, runLimits } from '../../../../src/runner/cycle/gate/budget-gate.js';
import { evaluateGate } from '../../../../src/runner/cycle/gate/gate.js';

const spend = (extra: Partial<typeof NO_SPEND>) => ({ ...NO_SPEND, ...extra });

describe('nightSpendOf', () => {
  it('adds the known costs, the tokens and the agent time of the night, and counts what has no price', () => {
    expect(
      nightSpendOf([
        { costUsd: 0.1, inputTokens: 1000, outputTokens: 100, agentMs: 60_000 },
        { costUsd: 0.2, inputTokens: 500, outputTokens: 50, agentMs: 30_000 },
        // Codex without pricing: tokens, no dollars.
        { inputTokens: 9000, outputTokens: 900, agentMs: 90_000 },
        // A session that never ran.
        {},
      ]),
    ).toStrictEqual({ costUsd: 0.3, unknownCost: 1, tokens: 11_550, agentMs: 180_000 });
  });
});

describe('nightCapReasons', () => {
  it('names every cap the night reached with the figure, and none below them', () => {
    const caps = { maxCostPerNightUsd: 1, maxTokensPerNight: 1_000_000, maxAgentMinutesPerNight: 120 };
    expect(nightCapReasons(spend({ costUsd: 1.2, tokens: 1_234_567, agentMs: 121.5 * 60_000 }), caps)).toStrictEqual([
      'night cost $1.20 reached budget.maxCostPerNightUsd $1.00',
      'night tokens 1,234,567 reached budget.maxTokensPerNight 1,000,000',
      'agent minutes tonight 121.5 reached budget.maxAgentMinutesPerNight 120',
    ]);
    expect(nightCapReasons(spend({ costUsd: 0.99, tokens: 999_999, agentMs: 119 * 60_000 }), caps)).toStrictEqual([]);
    // Reaching a cap exactly is reaching it.
    expect(nightCapReasons(spend({ costUsd: 1 }), caps)).toStrictEqual(['night cost $1.00 reached budget.maxCostPerNightUsd $1.00']);
    expect(nightCapReasons(spend({ costUsd: 500, tokens: 9e9, agentMs: 9e9 }), {})).toStrictEqual([]);
  });

  it('closes the gate through evaluateGate, next to its other reasons', () => {
    const gate = evaluateGate({ paused: false, sessionsTonight: 3, openAgentPrs: 0, nightSpend: spend({ costUsd: 1.2 }), nightCaps: { maxCostPerNightUsd: 1 } });
    expect(gate).toStrictEqual({ open: false, reasons: ['night cost $1.20 reached budget.maxCostPerNightUsd $1.00'] });
  });
});

describe('runLimits', () => {
  it('takes the tightest of the session cap and what the night has left, naming the cap that binds', () => {
    const caps = { maxCostPerSessionUsd: 0.5, maxCostPerNightUsd: 2 };
    expect(runLimits(caps, spend({ costUsd: 1 }), { costUsd: 0, tokens: 0, agentMs: 0 })).toStrictEqual({ costUsd: { left: 0.5, cap: 'budget.maxCostPerSessionUsd' } });
    expect(runLimits(caps, spend({ costUsd: 1.8 }), { costUsd: 0, tokens: 0, agentMs: 0 })).toStrictEqual({ costUsd: { left: 0.2, cap: 'budget.maxCostPerNightUsd' } });
    // A repair round: the session's earlier rounds count against both.
    expect(runLimits(caps, spend({ costUsd: 1 }), { costUsd: 0.35, tokens: 0, agentMs: 0 })).toStrictEqual({ costUsd: { left: 0.15, cap: 'budget.maxCostPerSessionUsd' } });
  });

  it('limits tokens and agent minutes by what the night has left, and nothing without caps', () => {
    const limits = runLimits({ maxTokensPerNight: 10_000, maxAgentMinutesPerNight: 60 }, spend({ tokens: 4_000, agentMs: 50 * 60_000 }), { costUsd: 0, tokens: 1_000, agentMs: 60_000 });
    expect(limits).toStrictEqual({ tokens: { left: 5_000, cap: 'budget.maxTokensPerNight' }, agentMs: { left: 9 * 60_000, cap: 'budget.maxAgentMinutesPerNight' } });
    expect(runLimits({}, spend({ costUsd: 99 }), { costUsd: 9, tokens: 9, agentMs: 9 })).toStrictEqual({});
  });

  it('is exhausted when a cap has nothing left, never below zero', () => {
    const limits = runLimits({ maxCostPerNightUsd: 1 }, spend({ costUsd: 1.3 }), { costUsd: 0, tokens: 0, agentMs: 0 });
    expect(limits.costUsd).toStrictEqual({ left: 0, cap: 'budget.maxCostPerNightUsd' });
    expect(exhausted(limits)).toStrictEqual({ cap: 'budget.maxCostPerNightUsd' });
    expect(exhausted(runLimits({ maxCostPerNightUsd: 1 }, spend({ costUsd: 0.3 }), { costUsd: 0, tokens: 0, agentMs: 0 }))).toBeUndefined();
  });

  it('keeps money to a millionth, so float sums hit a cap exactly', () => {
    const elsewhere = nightSpendOf([{ costUsd: 0.1 }, { costUsd: 0.2 }, { costUsd: 0.3 }, { costUsd: 0.3 }]);
    expect(elsewhere.costUsd).toBe(0.9);
    expect(runLimits({ maxCostPerNightUsd: 1 }, elsewhere, { costUsd: 0, tokens: 0, agentMs: 0 }).costUsd?.left).toBe(0.1);
  });
});

describe('capReached', () => {
  const limits = { costUsd: { left: 0.5, cap: 'budget.maxCostPerSessionUsd' as const }, tokens: { left: 100_000, cap: 'budget.maxTokensPerNight' as const } };

  it('names the cap and the figure once the usage reaches what is left', () => {
    expect(capReached({ costUsd: 0.61, tokens: 10 }, limits)).toStrictEqual({
      cap: 'budget.maxCostPerSessionUsd',
      reason: 'cost $0.61 reached what budget.maxCostPerSessionUsd left this run ($0.50)',
    });
    expect(capReached({ tokens: 100_000 }, limits)).toStrictEqual({
      cap: 'budget.maxTokensPerNight',
      reason: '100,000 tokens reached what budget.maxTokensPerNight left this run (100,000)',
    });
    expect(capReached({ costUsd: 0.49, tokens: 99_999 }, limits)).toBeUndefined();
  });

  it('cannot stop on a cost nobody has reported yet', () => {
    expect(capReached({ tokens: 10 }, { costUsd: { left: 0, cap: 'budget.maxCostPerNightUsd' } })).toBeUndefined();
  });
});
