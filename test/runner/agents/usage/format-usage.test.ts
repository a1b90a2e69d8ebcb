import { describe, expect, it } from 'vitest';
import { formatCostUsd, usageTrailers } from '../../../../src/runner/agents/usage/index.js';
import { splitTrailers } from '../../../../src/protocol/git-trailers.js';

describe('formatCostUsd', () => {
  it('keeps cents, and sub-cent precision down to 1/100 of a cent', () => {
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

describe('usageTrailers', () => {
  it('gives the cost and input plus output tokens', () => {
    expect(usageTrailers({ costUsd: 0.0888504, inputTokens: 94204, outputTokens: 1104, basis: 'reported' })).toStrictEqual([
      { key: 'Overnight-Cost-USD', value: '0.0889' },
      { key: 'Overnight-Tokens', value: '95308' },
    ]);
  });

  it('leaves out an unknown cost instead of writing 0, and tokens when nothing was reported', () => {
    expect(usageTrailers({ inputTokens: 120, outputTokens: 30, basis: 'estimated' })).toStrictEqual([{ key: 'Overnight-Tokens', value: '150' }]);
    expect(usageTrailers({ inputTokens: 0, outputTokens: 0, basis: 'none' })).toStrictEqual([]);
  });

  it('produces trailers git reads back', () => {
    const trailers = usageTrailers({ costUsd: 0.42, inputTokens: 1000, outputTokens: 200, basis: 'reported' });
    const message = `Fix the parser\n\nBody.\n\n${trailers.map((t) => `${t.key}: ${t.value}`).join('\n')}\n`;
    expect(splitTrailers(message).trailers).toStrictEqual(trailers);
  });
});
