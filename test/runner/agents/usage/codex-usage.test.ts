import { describe, expect, it } from 'vitest';
import { fixtureLines, meterFed } from './feed.js';

const GPT = { inputPerMTok: 1.25, cachedInputPerMTok: 0.125, outputPerMTok: 10 };
const THREAD = '019a7c3e-5b21-7d40-9e8a-4f2c6b1d3e57';
const turnCompleted = (input: number, cached: number, output: number) =>
  JSON.stringify({ type: 'turn.completed', usage: { input_tokens: input, cached_input_tokens: cached, output_tokens: output } });

describe('Codex usage (exec --json)', () => {
  const lines = fixtureLines('codex-exec-usage.jsonl');

  it('takes the thread id and the turn’s usage; cached input is part of input', () => {
    expect(meterFed('codex', lines).final()).toStrictEqual({
      inputTokens: 187342,
      outputTokens: 6911,
      cacheReadTokens: 161280,
      turns: 1,
      agentSessionId: THREAD,
      outcome: 'success',
      isError: false,
      basis: 'reported',
    });
  });

  it('prices uncached input, cached input and output apart when pricing is configured', () => {
    const final = meterFed('codex', lines, { pricing: GPT }).final();
    expect(final.costUsd).toBeCloseTo(((187342 - 161280) * 1.25 + 161280 * 0.125 + 6911 * 10) / 1e6, 12);
    expect(final.costFrom).toBe('pricing');
  });

  it('has no usage before the turn ends: codex exec prints it only then', () => {
    const running = meterFed('codex', lines.slice(0, -2)).current();
    expect(running).toStrictEqual({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, agentSessionId: THREAD });
    expect(meterFed('codex', lines.slice(0, -2), { pricing: GPT }).final()).toMatchObject({ basis: 'none' });
    expect(meterFed('codex', lines.slice(0, -2), { pricing: GPT }).final().costUsd).toBeUndefined();
  });

  it('follows the running total in the session rollout file during the turn', () => {
    const meter = meterFed('codex', []);
    const seen: number[] = [];
    for (const line of fixtureLines('codex-rollout.jsonl')) {
      meter.push(line);
      seen.push(meter.current().inputTokens);
    }
    expect([...new Set(seen)]).toStrictEqual([0, 14906, 63811, 187342]);
    expect(meter.final()).toMatchObject({ outputTokens: 6911, cacheReadTokens: 161280, basis: 'estimated' });
  });

  it('treats each turn.completed as the thread’s running total, not an amount to add', () => {
    const final = meterFed('codex', [turnCompleted(16504, 12000, 20), turnCompleted(85681, 70000, 40), turnCompleted(103779, 90000, 45)]).final();
    expect(final).toMatchObject({ inputTokens: 103779, cacheReadTokens: 90000, outputTokens: 45, turns: 3 });
  });

  it('subtracts what earlier runs of a resumed thread already counted', () => {
    const resumed = meterFed('codex', [turnCompleted(103779, 86000, 45)], { resumedFrom: { inputTokens: 85681, cacheReadTokens: 70000, outputTokens: 40 }, pricing: GPT }).final();
    expect(resumed).toMatchObject({ inputTokens: 18098, cacheReadTokens: 16000, outputTokens: 5 });
    expect(resumed.costUsd).toBeCloseTo((2098 * 1.25 + 16000 * 0.125 + 5 * 10) / 1e6, 12);
  });

  it('reports a failed turn as an error without usage', () => {
    expect(meterFed('codex', fixtureLines('codex-exec-failed.jsonl')).final()).toStrictEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      turns: 1,
      agentSessionId: '019a7c41-0d93-7a12-8b5e-2c7f9a4d6e18',
      outcome: 'error',
      isError: true,
      basis: 'none',
    });
  });

  it('lets a completed turn override an earlier retried stream error', () => {
    const final = meterFed('codex', ['{"type":"turn.started"}', '{"type":"error","message":"Reconnecting... 1/5"}', turnCompleted(100, 0, 10)]).final();
    expect(final).toMatchObject({ outcome: 'success', isError: false });
  });

  it('reads the older sample too', () => {
    expect(meterFed('codex', fixtureLines('codex-exec.jsonl')).final()).toMatchObject({ inputTokens: 24763, cacheReadTokens: 24448, outputTokens: 1122, basis: 'reported' });
  });

  it('never counts more cached tokens than input tokens, nor a shrinking total', () => {
    const final = meterFed('codex', [turnCompleted(500, 900, 10), turnCompleted(400, 100, 5)]).final();
    expect(final).toMatchObject({ inputTokens: 500, cacheReadTokens: 500, outputTokens: 10 });
  });
});
