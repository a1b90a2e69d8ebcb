import { describe, expect, it } from 'vitest';
import { fixtureLines, meterFed } from './feed.js';

describe('aider usage', () => {
  it('adds up every message’s tokens and takes the last session cost', () => {
    expect(meterFed('aider', fixtureLines('aider-usage.txt')).final()).toStrictEqual({
      costUsd: 0.06,
      inputTokens: 9100 + 2600 + 1100,
      outputTokens: 402 + 187 + 64,
      cacheReadTokens: 8600 + 9800,
      cacheWriteTokens: 8600 + 1200,
      turns: 3,
      basis: 'reported',
      costFrom: 'agent',
    });
  });

  it('reads the cost printed on its own line when both cache figures are shown', () => {
    const lines = fixtureLines('aider-usage.txt');
    const uptoSecondCost = lines.slice(0, lines.indexOf('Cost: $0.01 message, $0.05 session.') + 1);
    expect(meterFed('aider', uptoSecondCost).current()).toMatchObject({ costUsd: 0.05, inputTokens: 11700, outputTokens: 589, turns: 2 });
  });

  it('reads the simple one-message sample', () => {
    expect(meterFed('aider', fixtureLines('aider-output.txt')).final()).toMatchObject({ costUsd: 0.02, inputTokens: 5200, outputTokens: 312, turns: 1 });
  });

  it('reads counts as aider abbreviates them, and plain or grouped ones', () => {
    const final = meterFed('aider', [
      'Tokens: 250 sent, 12 received.',
      'Tokens: 12k sent, 1.5k received.',
      'Tokens: 12,345 sent, 2.3M received.',
    ]).final();
    expect(final).toMatchObject({ inputTokens: 250 + 12000 + 12345, outputTokens: 12 + 1500 + 2300000, turns: 3 });
    expect(final.costUsd).toBeUndefined();
  });

  it('prices tokens when aider knows no price for the model and pricing is configured', () => {
    const final = meterFed('aider', ['Tokens: 10k sent, 2k received.'], { pricing: { inputPerMTok: 2, outputPerMTok: 8 } }).final();
    expect(final.costUsd).toBeCloseTo((10000 * 2 + 2000 * 8) / 1e6, 12);
    expect(final.costFrom).toBe('pricing');
  });

  it('reads a sub-cent cost with aider’s extra digits', () => {
    expect(meterFed('aider', ['Tokens: 1.1k sent, 64 received. Cost: $0.0072 message, $0.0072 session.']).current().costUsd).toBe(0.0072);
  });

  it('reads the thinking/total form some versions print', () => {
    const line = 'Tokens: 15k sent, 2.1k cache write, 8.2k cache read; 4.5k Total (1.2k thinking, 3.3k returned)';
    expect(meterFed('aider', [line]).current()).toMatchObject({ inputTokens: 15000, cacheWriteTokens: 2100, cacheReadTokens: 8200, outputTokens: 4500 });
  });

  it('strips terminal colours before reading', () => {
    expect(meterFed('aider', ['\u001b[32mTokens: 3.4k sent, 120 received. Cost: $0.01 message, $0.01 session.\u001b[0m']).current()).toMatchObject({ inputTokens: 3400, costUsd: 0.01 });
  });

  it('ignores the words in prose and code that are not its report', () => {
    const final = meterFed('aider', ['The Tokens: field counts what was sent', '  Tokens: 5 sent, 5 received.', 'console.log(`Tokens: ${n} sent, ${m} received.`)']).final();
    expect(final).toMatchObject({ inputTokens: 5, outputTokens: 5, turns: 1 });
  });

  it('has nothing to say without a report', () => {
    expect(meterFed('aider', ['Aider v0.86.1', 'Applied edit to a.ts']).final()).toStrictEqual({ inputTokens: 0, outputTokens: 0, basis: 'none' });
  });
});
