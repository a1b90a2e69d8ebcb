import { describe, expect, it } from 'vitest';
import { formatCommitMessage, parseCommitMessage } from '../../../../src/protocol/index.js';
import { formatCostUsd, sumUsage, usageTrailerFields } from '../../../../src/runner/agents/usage/index.js';
import { SAMPLE_TRAILERS } from '../../../fixtures/protocol/sample-trailers.js';

describe('formatCostUsd', () => {
  it('keeps a fraction of a cent, drops trailing zeros down to cents', () => {
    expect(formatCostUsd(0.42)).toBe('0.42');
    expect(formatCostUsd(1.5)).toBe('1.50');
    expect(formatCostUsd(12)).toBe('12.00');
    expect(formatCostUsd(0.1834)).toBe('0.1834');
    expect(formatCostUsd(0.0888504)).toBe('0.0889');
    expect(formatCostUsd(0.004)).toBe('0.004');
    expect(formatCostUsd(0.00004)).toBe('0.00');
    expect(formatCostUsd(0)).toBe('0.00');
  });
});

describe('usageTrailerFields', () => {
  it('gives the cost and input plus output tokens', () => {
    expect(usageTrailerFields({ costUsd: 0.0888504, inputTokens: 94204, outputTokens: 1104, basis: 'reported' })).toStrictEqual({ costUsd: 0.0888504, tokens: 95308 });
  });

  it('leaves out an unknown cost instead of writing 0, and tokens when nothing was reported', () => {
    expect(usageTrailerFields({ inputTokens: 120, outputTokens: 30, basis: 'estimated' })).toStrictEqual({ tokens: 150 });
    expect(usageTrailerFields({ inputTokens: 0, outputTokens: 0, basis: 'none' })).toStrictEqual({});
  });

  it('produces trailers the protocol writes and reads back', () => {
    const fields = usageTrailerFields({ costUsd: 0.42, inputTokens: 1000, outputTokens: 200, basis: 'reported' });
    const message = formatCommitMessage({ subject: 'Fix the parser', body: 'Body.', trailers: { ...SAMPLE_TRAILERS, ...fields } });
    expect(message).toContain('\nOvernight-Cost-USD: 0.42\nOvernight-Tokens: 1200\n');
    expect(parseCommitMessage(message)?.trailers).toMatchObject({ costUsd: 0.42, tokens: 1200 });
  });
});

describe('sumUsage', () => {
  it('adds the rounds of a session, keeping the last agent session id', () => {
    const first = { costUsd: 0.3, inputTokens: 1000, outputTokens: 100, cacheReadTokens: 800, turns: 4, agentSessionId: 'a1', basis: 'reported' as const };
    const repair = { costUsd: 0.12, inputTokens: 400, outputTokens: 40, cacheReadTokens: 300, turns: 2, agentSessionId: 'a1', basis: 'reported' as const };
    expect(sumUsage([first, repair])).toStrictEqual({
      costUsd: 0.42,
      inputTokens: 1400,
      outputTokens: 140,
      cacheReadTokens: 1100,
      cacheWriteTokens: 0,
      turns: 6,
      agentSessionId: 'a1',
      basis: 'reported',
    });
  });

  it('knows the cost only when every round that used anything does, and says when a round was cut short', () => {
    const sum = sumUsage([
      { costUsd: 0.3, inputTokens: 10, outputTokens: 1, basis: 'reported' },
      { inputTokens: 5, outputTokens: 1, basis: 'estimated' },
    ]);
    expect(sum.costUsd).toBeUndefined();
    expect(sum).toMatchObject({ inputTokens: 15, outputTokens: 2, basis: 'estimated' });
    expect(sumUsage([{ costUsd: 0.3, inputTokens: 10, outputTokens: 1, basis: 'reported' }, { inputTokens: 0, outputTokens: 0, basis: 'none' }]).costUsd).toBe(0.3);
    expect(sumUsage([])).toStrictEqual({ inputTokens: 0, outputTokens: 0, basis: 'none' });
  });
});
