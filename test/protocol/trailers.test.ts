import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitTrailers } from '../../src/protocol/git-trailers.js';
import {
  formatCommitBody,
  formatCommitMessage,
  parseCommitMessage,
  splitCommitBody,
  truncateSubject,
  type SessionTrailers,
} from '../../src/protocol/trailers.js';
import { SAMPLE_TRAILERS } from '../fixtures/protocol/sample-trailers.js';

// In a /u pattern a whole surrogate pair is one code point; only half of one matches.
const LONE_SURROGATE = /\p{Cs}/u;

const trailers: SessionTrailers = SAMPLE_TRAILERS;

const message = formatCommitMessage({
  subject: 'Replace the hand-written retry loop with p-retry',
  body: 'Swapped the loop in src/net.ts.\n\nRationale: oldest open goal with no attempt yet.',
  trailers,
});

describe('formatCommitMessage', () => {
  it('writes subject, body and the trailers as the last paragraph', () => {
    expect(message).toBe(
      [
        'Replace the hand-written retry loop with p-retry',
        '',
        'Swapped the loop in src/net.ts.',
        '',
        'Rationale: oldest open goal with no attempt yet.',
        '',
        'Overnight-Session: 20261128-0107-a1b2c3',
        'Overnight-Goal: #12',
        'Overnight-Agent: claude-code',
        'Overnight-Runner: studio-mac',
        'Overnight-Cycle: 3',
        'Overnight-Duration: 725',
        'Overnight-Verify: passed',
        'Overnight-Outcome: complete',
        '',
      ].join('\n'),
    );
  });

  it('is read by git itself as exactly these trailers', () => {
    const parsed = execFileSync('git', ['interpret-trailers', '--parse'], { input: message, encoding: 'utf8' });
    expect(parsed.trim().split('\n')).toStrictEqual([
      'Overnight-Session: 20261128-0107-a1b2c3',
      'Overnight-Goal: #12',
      'Overnight-Agent: claude-code',
      'Overnight-Runner: studio-mac',
      'Overnight-Cycle: 3',
      'Overnight-Duration: 725',
      'Overnight-Verify: passed',
      'Overnight-Outcome: complete',
    ]);
  });

  it('omits an empty body', () => {
    const short = formatCommitMessage({ subject: 'Fix it', body: '  \n', trailers });
    expect(short.split('\n').slice(0, 3)).toStrictEqual(['Fix it', '', 'Overnight-Session: 20261128-0107-a1b2c3']);
  });

  it('writes config goals as config:<n>', () => {
    const text = formatCommitMessage({ subject: 's', body: '', trailers: { ...trailers, goal: { kind: 'config', index: 2 } } });
    expect(text).toContain('Overnight-Goal: config:2\n');
  });

  it('refuses values that would break the trailer block', () => {
    expect(() => formatCommitMessage({ subject: 's', body: '', trailers: { ...trailers, runner: 'a\nb' } })).toThrow();
    expect(() => formatCommitMessage({ subject: 's', body: '', trailers: { ...trailers, session: 'nope' } })).toThrow();
    expect(() => formatCommitMessage({ subject: 's', body: '', trailers: { ...trailers, cycle: -1 } })).toThrow();
    expect(() => formatCommitMessage({ subject: '  ', body: '', trailers })).toThrow(/subject/);
  });
});

describe('the Overnight-Sandbox trailer', () => {
  it('says what contained the agent, read by git as a trailer, and read back', () => {
    for (const sandbox of ['bwrap', 'sandbox-exec', 'off'] as const) {
      const written = formatCommitMessage({ subject: 's', body: 'b', trailers: { ...trailers, window: '01:00-05:00', sandbox } });
      const parsed = execFileSync('git', ['interpret-trailers', '--parse'], { input: written, encoding: 'utf8' });
      expect(parsed.trim().split('\n').at(-1)).toBe(`Overnight-Sandbox: ${sandbox}`);
      expect(parseCommitMessage(written)?.trailers).toStrictEqual({ ...trailers, window: '01:00-05:00', sandbox });
    }
  });

  it('is optional, and an unknown value is dropped rather than the commit', () => {
    expect(Object.keys(parseCommitMessage(message)!.trailers)).not.toContain('sandbox');
    const odd = formatCommitMessage({ subject: 's', body: '', trailers: { ...trailers, sandbox: 'bwrap' } }).replace('Overnight-Sandbox: bwrap', 'Overnight-Sandbox: docker');
    expect(parseCommitMessage(odd)?.trailers).toStrictEqual(trailers);
    expect(() => formatCommitMessage({ subject: 's', body: '', trailers: { ...trailers, sandbox: 'docker' as 'off' } })).toThrow(/Overnight-Sandbox/);
  });
});

describe('the Overnight-Window trailer', () => {
  const windowed = formatCommitMessage({ subject: 's', body: 'b', trailers: { ...trailers, window: '01:00-05:00', timezone: 'Europe/Berlin' } });

  it('is written last, read by git as a trailer, and read back', () => {
    const parsed = execFileSync('git', ['interpret-trailers', '--parse'], { input: windowed, encoding: 'utf8' });
    expect(parsed.trim().split('\n').at(-1)).toBe('Overnight-Window: 01:00-05:00 Europe/Berlin');
    expect(parseCommitMessage(windowed)?.trailers).toStrictEqual({ ...trailers, window: '01:00-05:00', timezone: 'Europe/Berlin' });
    const noZone = formatCommitMessage({ subject: 's', body: '', trailers: { ...trailers, window: '22:00-06:00' } });
    expect(parseCommitMessage(noZone)?.trailers).toStrictEqual({ ...trailers, window: '22:00-06:00' });
  });

  it('is optional: a commit without it parses, with no window keys at all', () => {
    expect(message).not.toContain('Overnight-Window');
    expect(Object.keys(parseCommitMessage(message)!.trailers)).not.toContain('window');
  });

  it('drops a malformed window rather than the whole commit', () => {
    const bad = windowed.replace('Overnight-Window: 01:00-05:00 Europe/Berlin', 'Overnight-Window: tonight, roughly');
    expect(parseCommitMessage(bad)?.trailers).toStrictEqual(trailers);
  });

  it('refuses to write a window it could not read back', () => {
    expect(() => formatCommitMessage({ subject: 's', body: '', trailers: { ...trailers, window: '1am-5am' } })).toThrow(/Overnight-Window/);
    expect(() => formatCommitMessage({ subject: 's', body: '', trailers: { ...trailers, window: '01:00-05:00', timezone: 'Central European' } })).toThrow(
      /Overnight-Window/,
    );
    expect(() => formatCommitMessage({ subject: 's', body: '', trailers: { ...trailers, timezone: 'UTC' } })).toThrow(/needs a window/);
  });
});

describe('truncateSubject', () => {
  it('keeps short subjects and folds whitespace to one line', () => {
    expect(truncateSubject('  Fix\nthe   bug ')).toBe('Fix the bug');
  });

  it('cuts at 72 characters with a visible ellipsis', () => {
    const long = 'x'.repeat(100);
    expect(truncateSubject(long)).toHaveLength(72);
    expect(truncateSubject(long).endsWith('…')).toBe(true);
    expect(truncateSubject('y'.repeat(72))).toBe('y'.repeat(72));
  });

  it.each([
    // A skin-toned thumbs-up is two code points, four UTF-16 units: slicing at 71 split the tone in half.
    ['a skin-toned emoji', `${'x'.repeat(68)}👍🏽 and more`, `${'x'.repeat(68)}…`],
    // A family is four people joined by zero-width joiners, eleven units.
    ['a ZWJ sequence', `${'x'.repeat(65)}👨‍👩‍👧‍👦 family`, `${'x'.repeat(65)}…`],
    ['a letter with a combining accent', `${'x'.repeat(70)}e\u0301tude`, `${'x'.repeat(70)}…`],
    ['a flag', `${'x'.repeat(69)}🇩🇪 flag`, `${'x'.repeat(69)}…`],
    ['text whose emoji fit', `${'x'.repeat(67)}👍🏽 yes`, `${'x'.repeat(67)}👍🏽…`],
  ])('cuts between graphemes: %s', (_name, subject, expected) => {
    const cut = truncateSubject(subject);
    expect(cut).toBe(expected);
    expect(cut).not.toMatch(LONE_SURROGATE);
  });

  it('keeps whole graphemes of the subject, in order, for any text', () => {
    const segments = (text: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((part) => part.segment);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 120 }), fc.string({ unit: 'grapheme-composite', maxLength: 40 }), (a, b) => {
        const subject = `${a}${b}`;
        fc.pre(subject.trim() !== '');
        const cut = truncateSubject(subject);
        expect(cut.length).toBeLessThanOrEqual(72);
        expect(cut).not.toMatch(LONE_SURROGATE);
        const line = subject.replace(/\s+/g, ' ').trim();
        if (cut === line) return;
        const kept = cut.slice(0, -1);
        expect(cut.endsWith('…')).toBe(true);
        expect(segments(line).slice(0, segments(kept).length)).toStrictEqual(segments(kept));
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseCommitMessage', () => {
  it('reads back what formatCommitMessage wrote', () => {
    expect(parseCommitMessage(message)).toStrictEqual({
      subject: 'Replace the hand-written retry loop with p-retry',
      body: 'Swapped the loop in src/net.ts.\n\nRationale: oldest open goal with no attempt yet.',
      trailers,
    });
  });

  it('round-trips any valid trailers', () => {
    const arb = fc.record({
      session: fc
        .tuple(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), fc.stringMatching(/^[0-9a-f]{6}$/))
        .map(([date, hex]) => `${date.toISOString().slice(0, 10).replaceAll('-', '')}-${date.toISOString().slice(11, 16).replace(':', '')}-${hex}`),
      goal: fc.oneof(
        fc.integer({ min: 1, max: 99999 }).map((number) => ({ kind: 'issue' as const, number })),
        fc.integer({ min: 0, max: 99 }).map((index) => ({ kind: 'config' as const, index })),
      ),
      agent: fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/),
      runner: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,20}[A-Za-z0-9]$/),
      cycle: fc.nat(1000),
      durationSec: fc.nat(100000),
      verify: fc.constantFrom('passed' as const, 'failed' as const, 'skipped' as const),
      outcome: fc.constantFrom('complete' as const, 'timeout' as const),
    });
    fc.assert(
      fc.property(arb, fc.string(), (value, body) => {
        const parsed = parseCommitMessage(formatCommitMessage({ subject: 'Subject', body, trailers: value }));
        expect(parsed?.trailers).toStrictEqual({ ...value });
      }),
    );
  });

  it('reads keys case-insensitively, folds continuation lines and tolerates CRLF and other trailers', () => {
    const text = [
      'Subject',
      '',
      'Body',
      '',
      'overnight-session: 20261128-0107-a1b2c3',
      'OVERNIGHT-GOAL:config:0',
      'Overnight-Agent: claude-code',
      'Overnight-Runner: studio',
      '  mac',
      'Overnight-Cycle: 1',
      'Overnight-Duration: 60',
      'Overnight-Verify: skipped',
      'Overnight-Outcome: timeout',
      'Signed-off-by: A Person <a@example.com>',
    ].join('\r\n');
    expect(parseCommitMessage(text)).toStrictEqual({
      subject: 'Subject',
      body: 'Body',
      trailers: { ...trailers, goal: { kind: 'config', index: 0 }, runner: 'studio mac', cycle: 1, durationSec: 60, verify: 'skipped', outcome: 'timeout' },
    });
  });

  it('returns undefined without trailers, with one missing, or with a bad value', () => {
    expect(parseCommitMessage('Fix a typo\n\nJust a normal commit.\n')).toBeUndefined();
    expect(parseCommitMessage(message.replace('Overnight-Agent: claude-code\n', ''))).toBeUndefined();
    expect(parseCommitMessage(message.replace('Overnight-Verify: passed', 'Overnight-Verify: maybe'))).toBeUndefined();
    expect(parseCommitMessage(message.replace('Overnight-Goal: #12', 'Overnight-Goal: 12'))).toBeUndefined();
    expect(parseCommitMessage(message.replace('Overnight-Cycle: 3', 'Overnight-Cycle: three'))).toBeUndefined();
    expect(parseCommitMessage('')).toBeUndefined();
  });

  it('ignores trailer-looking lines that are not in the last paragraph', () => {
    const moved = message.replace('\n\nOvernight-Session', '\n\nThanks!\n\nOvernight-Session').concat('\nLast words.\n');
    expect(parseCommitMessage(moved)).toBeUndefined();
  });

  it('does not treat a paragraph with prose in it as trailers, as git does not', () => {
    const mixed = message.replace('Overnight-Cycle: 3', 'this line is prose');
    expect(parseCommitMessage(mixed)).toBeUndefined();
  });

  it('never reads the subject line as a trailer block', () => {
    expect(splitTrailers('Overnight-Session: 20261128-0107-a1b2c3').trailers).toStrictEqual([]);
  });
});

describe('commit body', () => {
  it('puts the rationale last and splits it back out', () => {
    const body = formatCommitBody({ summary: 'Did the thing.\n\nAnd another.', rationale: 'Highest\npriority goal.' });
    expect(body).toBe('Did the thing.\n\nAnd another.\n\nRationale: Highest priority goal.');
    expect(splitCommitBody(body)).toStrictEqual({ summary: 'Did the thing.\n\nAnd another.', rationale: 'Highest priority goal.' });
  });

  it('treats a body without a rationale paragraph as all summary', () => {
    expect(splitCommitBody('Only a summary.\nRationale: mid-paragraph is not one.')).toStrictEqual({
      summary: 'Only a summary.\nRationale: mid-paragraph is not one.',
      rationale: '',
    });
    expect(formatCommitBody({ summary: 'S', rationale: ' ' })).toBe('S');
  });

  it('reads a rationale that is the whole body', () => {
    expect(splitCommitBody('Rationale: only this')).toStrictEqual({ summary: '', rationale: 'only this' });
  });
});
