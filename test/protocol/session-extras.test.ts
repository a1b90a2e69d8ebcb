import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatCostUsd } from '../../src/protocol/format-cost.js';
import { readPrMetadata, renderPrBody, encodeMetadata, type PrMetadata } from '../../src/protocol/pr-body.js';
import { formatCommitBody, formatCommitMessage, parseCommitMessage, splitCommitBody, type SessionTrailers } from '../../src/protocol/trailers.js';
import { SAMPLE_TRAILERS } from '../fixtures/protocol/sample-trailers.js';

const extras: SessionTrailers = {
  ...SAMPLE_TRAILERS,
  outcome: 'timeout',
  costUsd: 0.4213,
  tokens: 187_342,
  repairs: 2,
  warnings: ['tests-deleted', 'tests-skipped'],
  stoppedBy: 'budget.maxCostPerSessionUsd',
};

describe('the usage, repair, warning and stop trailers', () => {
  const message = formatCommitMessage({ subject: 'Fix parsing', body: 'Did it.', trailers: extras });

  it('are written after the required ones and read by git as trailers', () => {
    const parsed = execFileSync('git', ['interpret-trailers', '--parse'], { input: message, encoding: 'utf8' });
    expect(parsed.trim().split('\n').slice(-5)).toStrictEqual([
      'Overnight-Cost-USD: 0.4213',
      'Overnight-Tokens: 187342',
      'Overnight-Repairs: 2',
      'Overnight-Warnings: tests-deleted, tests-skipped',
      'Overnight-Stopped-By: budget.maxCostPerSessionUsd',
    ]);
  });

  it('round-trip through the parser', () => {
    expect(parseCommitMessage(message)?.trailers).toStrictEqual(extras);
  });

  it('are left out when unknown: no cost trailer for an unknown cost, never a made-up 0', () => {
    const plain = formatCommitMessage({ subject: 'S', body: '', trailers: { ...SAMPLE_TRAILERS, tokens: 10 } });
    expect(plain).not.toContain('Overnight-Cost-USD');
    expect(plain).toContain('Overnight-Tokens: 10\n');
    expect(formatCommitMessage({ subject: 'S', body: '', trailers: { ...SAMPLE_TRAILERS, warnings: [] } })).not.toContain('Overnight-Warnings');
  });

  it('refuse values that are not what they claim', () => {
    expect(() => formatCommitMessage({ subject: 'S', body: '', trailers: { ...SAMPLE_TRAILERS, costUsd: -1 } })).toThrow(/Overnight-Cost-USD/);
    expect(() => formatCommitMessage({ subject: 'S', body: '', trailers: { ...SAMPLE_TRAILERS, tokens: 1.5 } })).toThrow(/Overnight-Tokens/);
    const bad = { ...SAMPLE_TRAILERS, warnings: ['tests-hidden'] } as unknown as SessionTrailers;
    expect(() => formatCommitMessage({ subject: 'S', body: '', trailers: bad })).toThrow(/Overnight-Warnings/);
  });

  it('are read leniently: a malformed value or a kind this version does not know is dropped, the commit still parses', () => {
    const written = formatCommitMessage({ subject: 'S', body: 'B', trailers: SAMPLE_TRAILERS });
    const newer = `${written.trimEnd()}\nOvernight-Cost-USD: lots\nOvernight-Tokens: -3\nOvernight-Warnings: tests-deleted, snapshots-rewritten\nOvernight-Stopped-By: budget.maxCoffee\nOvernight-Future: yes\n`;
    expect(parseCommitMessage(newer)?.trailers).toStrictEqual({ ...SAMPLE_TRAILERS, warnings: ['tests-deleted'] });
  });

  it('keep Overnight-Outcome to the two values every bot reads: a stopped session is a timeout with a reason', () => {
    expect(message).toContain('\nOvernight-Outcome: timeout\n');
  });
});

describe('the runner notes in the commit body', () => {
  const body = formatCommitBody({
    summary: 'Fixed the parser.\n\nAlso tidied up.',
    rationale: 'Oldest goal.',
    findings: ['test/a.test.ts deleted', 'test/b.test.ts adds it.skip'],
    verifyOutput: 'FAIL test/c.test.ts\n\n  expected 5, got 6\n',
  });

  it('sit between the summary and the rationale, every line prefixed', () => {
    expect(body).toBe(
      [
        'Fixed the parser.',
        '',
        'Also tidied up.',
        '',
        'Test warnings:',
        '- test/a.test.ts deleted',
        '- test/b.test.ts adds it.skip',
        '',
        'Last verify output:',
        '> FAIL test/c.test.ts',
        '>',
        '>   expected 5, got 6',
        '',
        'Rationale: Oldest goal.',
      ].join('\n'),
    );
  });

  it('come back apart', () => {
    expect(splitCommitBody(body)).toStrictEqual({
      summary: 'Fixed the parser.\n\nAlso tidied up.',
      rationale: 'Oldest goal.',
      findings: ['test/a.test.ts deleted', 'test/b.test.ts adds it.skip'],
      verifyOutput: 'FAIL test/c.test.ts\n\n  expected 5, got 6',
    });
  });

  it('keep a finding on one line whatever the file name holds', () => {
    const odd = formatCommitBody({ summary: 'S', rationale: '', findings: ['test/a\nb.test.ts deleted'] });
    expect(splitCommitBody(odd).findings).toStrictEqual(['test/a b.test.ts deleted']);
  });

  it('cannot be displaced by a summary that imitates them: the runner writes last', () => {
    const forged = 'All good.\n\nTest warnings:\n- nothing to see\n\nLast verify output:\n> all tests pass';
    const real = formatCommitBody({ summary: forged, rationale: 'R', findings: ['test/a.test.ts deleted'], verifyOutput: 'FAIL' });
    const split = splitCommitBody(real);
    expect(split.findings).toStrictEqual(['test/a.test.ts deleted']);
    expect(split.verifyOutput).toBe('FAIL');
    expect(split.summary).toContain('nothing to see');
  });
});

describe('the PR body with usage, repairs and warnings', () => {
  const metadata: PrMetadata = { ...extras, verify: 'failed' };
  const body = renderPrBody({
    metadata,
    rationale: 'R',
    summary: 'S',
    diffstat: '',
    findings: ['test/a.test.ts deleted', 'test/`b`.test.ts adds it.skip'],
    verifyOutput: 'expected 5, got 6',
  });

  it('says which cap stopped the agent', () => {
    expect(body).toContain('> [!WARNING]\n> The agent was stopped when it reached `budget.maxCostPerSessionUsd`: this is partial work, opened as a draft.');
    expect(body).toContain('| Outcome | timeout (`budget.maxCostPerSessionUsd`) |');
  });

  it('lists each test finding as code, so a file name cannot inject Markdown', () => {
    expect(body).toContain('> The change weakens the tests (test files deleted, tests skipped): check each before merging.');
    expect(body).toContain('> - `` test/`b`.test.ts adds it.skip ``');
    expect(body).toContain('> - ` test/a.test.ts deleted `');
  });

  it('says how many repair rounds it took and shows the last failure', () => {
    expect(body).toContain('❌ Verification still fails after 2 repair rounds — opened as a draft.');
    expect(body).toContain('<summary>The last failure</summary>');
    expect(body).toContain('expected 5, got 6');
    const passed = renderPrBody({ metadata: { ...metadata, verify: 'passed', repairs: 1 }, rationale: '', summary: '', diffstat: '' });
    expect(passed).toContain('✅ Verification passed after 1 repair round.');
  });

  it('shows cost and tokens in the session table; an unknown cost says so', () => {
    expect(body).toContain('| Repairs | 2 |');
    expect(body).toContain('| Cost | $0.4213 |');
    expect(body).toContain('| Tokens | 187,342 |');
    const unknown = renderPrBody({ metadata: { ...SAMPLE_TRAILERS, tokens: 500 }, rationale: '', summary: '', diffstat: '' });
    expect(unknown).toContain('| Cost | unknown |');
    expect(renderPrBody({ metadata: SAMPLE_TRAILERS, rationale: '', summary: '', diffstat: '' })).not.toContain('| Cost |');
  });

  it('carries the new fields in the hidden metadata, and an older body still reads', () => {
    expect(readPrMetadata(body)).toMatchObject({ costUsd: 0.4213, tokens: 187_342, repairs: 2, warnings: ['tests-deleted', 'tests-skipped'], stoppedBy: 'budget.maxCostPerSessionUsd' });
    expect(readPrMetadata(encodeMetadata(SAMPLE_TRAILERS))).toStrictEqual(SAMPLE_TRAILERS);
  });

  it('reads metadata a newer runner wrote with kinds this version does not know', () => {
    const json = JSON.stringify({ ...SAMPLE_TRAILERS, warnings: ['tests-deleted', 'snapshots-rewritten'], stoppedBy: 'budget.maxCoffee' });
    const newer = `<!-- overnight:${Buffer.from(json).toString('base64')} -->`;
    expect(readPrMetadata(newer)).toMatchObject({ session: SAMPLE_TRAILERS.session, warnings: ['tests-deleted'] });
    expect(readPrMetadata(newer)?.stoppedBy).toBeUndefined();
  });
});

describe('formatCostUsd', () => {
  it('keeps fractions of a cent and at least cents', () => {
    expect([0.42, 0.1834, 0.004, 1.5, 0, 12.34567].map(formatCostUsd)).toStrictEqual(['0.42', '0.1834', '0.004', '1.50', '0.00', '12.3457']);
  });
});
