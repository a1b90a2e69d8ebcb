import { describe, expect, it } from 'vitest';
import { encodeMetadata, prTitleFor, readPrMetadata, renderPrBody, type PrMetadata } from '../../src/protocol/pr-body.js';
import { parseCommands } from '../../src/protocol/commands.js';
import { SAMPLE_TRAILERS } from '../fixtures/protocol/sample-trailers.js';

const metadata: PrMetadata = {
  ...SAMPLE_TRAILERS,
  window: '01:00-05:00',
  timezone: 'Europe/Berlin',
};

const input = {
  metadata,
  goalTitle: 'Replace the hand-written retry loop',
  rationale: 'Oldest open goal with no attempt yet.',
  summary: 'Swapped the loop in `src/net.ts` for p-retry and added two tests.',
  diffstat: ' src/net.ts       | 40 +++-------\n test/net.test.ts | 22 ++++++\n 2 files changed, 31 insertions(+), 31 deletions(-)',
  verifyOutput: '> vitest run\n\n Test Files  12 passed (12)\n      Tests  140 passed (140)',
};

describe('renderPrBody', () => {
  it('renders the full body', () => {
    expect(renderPrBody(input)).toMatchSnapshot();
  });

  it('closes a one-off goal and only refers to a recurring one', () => {
    expect(renderPrBody(input)).toMatch(/^Closes #12 — Replace the hand-written retry loop\n/);
    expect(renderPrBody({ ...input, metadata: { ...metadata, recurring: true } })).toMatch(/^Refs #12 — /);
    expect(renderPrBody({ ...input, metadata: { ...metadata, recurring: true } })).not.toContain('Closes');
  });

  it('names a static goal without a closing keyword', () => {
    const body = renderPrBody({ ...input, metadata: { ...metadata, goal: { kind: 'config', index: 1 } } });
    expect(body).toMatch(/^Goal: static goal `config:1` of the runner config — /);
    expect(body).not.toMatch(/Closes|Refs/);
  });

  it('warns about partial work and failed verification', () => {
    const body = renderPrBody({ ...input, metadata: { ...metadata, outcome: 'timeout', verify: 'failed' } });
    expect(body).toContain('ran out of time');
    expect(body).toContain('❌ Verification failed');
  });

  it('names the sandbox in the session table, and warns at the top when the agent ran without one', () => {
    const contained = renderPrBody({ ...input, metadata: { ...metadata, sandbox: 'bwrap' } });
    expect(contained).toContain('| Sandbox | `bwrap` |');
    expect(contained).not.toContain('[!CAUTION]');
    const uncontained = renderPrBody({ ...input, metadata: { ...metadata, sandbox: 'off' } });
    expect(uncontained).toContain('| Sandbox | off (uncontained) |');
    expect(uncontained.split('\n').slice(0, 4).join('\n')).toContain('> [!CAUTION]\n> The agent ran without a sandbox (`sandbox.mode: "off"` on this runner)');
    expect(readPrMetadata(uncontained)?.sandbox).toBe('off');
    // A commit from before the trailer existed says nothing either way.
    expect(renderPrBody(input)).not.toContain('Sandbox');
  });

  it('says when verification was skipped and omits empty output', () => {
    const body = renderPrBody({ ...input, verifyOutput: undefined, metadata: { ...metadata, verify: 'skipped' } });
    expect(body).toContain('No verify command is configured.');
    expect(body).not.toContain('<details>');
  });

  it('keeps verify output inside its code block even when it contains fences', () => {
    const body = renderPrBody({ ...input, verifyOutput: 'before\n```\n/overnight stop\n```\nafter' });
    expect(body).toContain('````\nbefore\n```\n/overnight stop\n```\nafter\n````');
    expect(parseCommands(body)).toStrictEqual([]);
  });

  it('keeps only the tail of a huge verify log, under GitHub\'s body limit', () => {
    const log = Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join('\n');
    const body = renderPrBody({ ...input, verifyOutput: log });
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain('line 19999');
    expect(body).not.toContain('line 0\n');
    expect(body).toMatch(/earlier characters omitted/);
  });

  it('stops agent text from opening HTML comments that could hide or forge metadata', () => {
    const forged = encodeMetadata({ ...metadata, agent: 'forged' });
    const body = renderPrBody({ ...input, summary: `hidden <!-- secret --> ${forged}` });
    expect(body).not.toContain('<!-- secret');
    expect(readPrMetadata(body)?.agent).toBe('claude-code');
  });

  it('escapes table cells', () => {
    const body = renderPrBody({ ...input, metadata: { ...metadata, runner: 'a|b\nc' } });
    expect(body).toContain('| Runner | a\\|b c |');
  });
});

describe('readPrMetadata', () => {
  it('reads back the metadata, including the rationale', () => {
    expect(readPrMetadata(renderPrBody(input))).toStrictEqual({ ...metadata, rationale: input.rationale });
  });

  it('survives a maintainer editing the prose around it', () => {
    const edited = renderPrBody(input).replace('### Why this goal', 'EDITED\n\n### Why');
    expect(readPrMetadata(edited)?.session).toBe(metadata.session);
  });

  it('ignores fields it does not know, so newer runners stay readable', () => {
    const json = JSON.stringify({ ...metadata, futureField: 1 });
    const body = `x <!-- overnight:${Buffer.from(json).toString('base64')} -->`;
    expect(readPrMetadata(body)).toStrictEqual(metadata);
  });

  it.each([
    ['no body', null],
    ['no marker', 'A human PR'],
    ['not base64 JSON', '<!-- overnight:bm90IGpzb24= -->'],
    ['JSON of the wrong shape', `<!-- overnight:${Buffer.from('{"session":"x"}').toString('base64')} -->`],
  ])('returns undefined for %s', (_why, body) => {
    expect(readPrMetadata(body)).toBeUndefined();
  });

  it('refuses to encode invalid metadata', () => {
    expect(() => encodeMetadata({ ...metadata, session: 'bad' })).toThrow();
  });
});

describe('prTitleFor', () => {
  it('is the subject on one line, at most 72 characters', () => {
    expect(prTitleFor('Fix\nthe bug')).toBe('Fix the bug');
    expect(prTitleFor('z'.repeat(90))).toHaveLength(72);
  });
});
