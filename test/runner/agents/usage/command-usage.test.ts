import { describe, expect, it } from 'vitest';
import { meterFed } from './feed.js';

const report = (usage: object) => JSON.stringify({ overnight: usage });

describe('command agent usage', () => {
  it('takes the last {"overnight": ...} line as the running total', () => {
    const final = meterFed('command', ['working...', report({ costUsd: 0.02, inputTokens: 900, outputTokens: 40 }), 'more work', report({ costUsd: 0.05, inputTokens: 2100, outputTokens: 95 })]).final();
    expect(final).toStrictEqual({ costUsd: 0.05, inputTokens: 2100, outputTokens: 95, basis: 'reported', costFrom: 'agent' });
  });

  it('keeps cost unknown when the line has none, unless pricing is configured', () => {
    expect(meterFed('command', [report({ inputTokens: 1000, outputTokens: 10 })]).final().costUsd).toBeUndefined();
    const priced = meterFed('command', [report({ inputTokens: 1000, outputTokens: 10 })], { pricing: { inputPerMTok: 1, outputPerMTok: 5 } }).final();
    expect(priced.costUsd).toBeCloseTo((1000 + 50) / 1e6, 12);
    expect(priced.costFrom).toBe('pricing');
  });

  it('ignores bad figures and other JSON', () => {
    const final = meterFed('command', ['{"overnight": 3}', '{"usage": {"costUsd": 9}}', report({ costUsd: 'NaN', inputTokens: -4, outputTokens: 7 })]).final();
    expect(final).toStrictEqual({ inputTokens: 0, outputTokens: 7, basis: 'reported' });
  });

  it('reports nothing when the command printed no usage', () => {
    expect(meterFed('command', ['done', '']).final()).toStrictEqual({ inputTokens: 0, outputTokens: 0, basis: 'none' });
  });
});
