import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUsageMeter } from '../../../../src/runner/agents/usage/index.js';
import { MAX_LINE_CHARS } from '../../../../src/runner/agents/usage/parse-values.js';
import { fixtureLines } from './feed.js';

const KINDS = ['claude-code', 'codex', 'aider', 'command'] as const;

/** Real lines, cut and spliced at random, plus arbitrary text and JSON: what a broken or hostile agent prints. */
const realLines = ['claude-stream.jsonl', 'codex-exec-usage.jsonl', 'codex-rollout.jsonl', 'aider-usage.txt'].flatMap(fixtureLines);
const line = fc.oneof(
  fc.string(),
  fc.json(),
  fc.constantFrom(...realLines),
  fc.tuple(fc.constantFrom(...realLines), fc.nat(), fc.nat()).map(([text, a, b]) => text.slice(Math.min(a, b) % (text.length + 1), Math.max(a, b) % (text.length + 1))),
  fc.record({ type: fc.constantFrom('assistant', 'result', 'turn.completed', 'event_msg'), usage: fc.dictionary(fc.string(), fc.oneof(fc.double(), fc.integer(), fc.string())) }).map((v) => JSON.stringify(v)),
);

describe('usage meters facing hostile output', () => {
  it('never throw and only ever report finite, non-negative figures', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.array(line, { maxLength: 40 }), (kind, lines) => {
        const meter = createUsageMeter(kind, { pricing: { inputPerMTok: 3, outputPerMTok: 15 } });
        for (const text of lines) meter.push(text);
        const final = meter.final();
        for (const value of [final.inputTokens, final.outputTokens, final.cacheReadTokens ?? 0, final.cacheWriteTokens ?? 0, final.costUsd ?? 0, final.turns ?? 0]) {
          expect(Number.isFinite(value) && value >= 0).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('skips a line too long to parse instead of parsing it', () => {
    const huge = JSON.stringify({ type: 'result', subtype: 'success', total_cost_usd: 5, padding: 'x'.repeat(MAX_LINE_CHARS) });
    const meter = createUsageMeter('claude-code');
    meter.push(huge);
    expect(meter.final()).toMatchObject({ basis: 'none' });
  });

  it('survives values that are not strings at all', () => {
    const meter = createUsageMeter('codex');
    meter.push(undefined as unknown as string);
    meter.push({ toString: () => { throw new Error('boom'); } } as unknown as string);
    expect(meter.final()).toMatchObject({ basis: 'none' });
  });
});
