import { describe, expect, it } from 'vitest';
import { formatProblems } from '../../src/config/config-problem.js';
import { describeValue } from '../../src/config/describe-value.js';

describe('formatProblems', () => {
  it('puts the file in a header and one problem on each line', () => {
    const text = formatProblems(
      [
        { path: 'schedule.window.start', message: 'expected a 24-hour time "HH:MM", got "25:00"' },
        { path: '', line: 3, column: 7, message: 'invalid JSON: expected ",", got "}"' },
        { path: '', message: 'expected an object, got []' },
      ],
      'config.json',
    );
    expect(text).toBe(
      [
        'config.json: 3 problems',
        '  schedule.window.start: expected a 24-hour time "HH:MM", got "25:00"',
        '  line 3, column 7: invalid JSON: expected ",", got "}"',
        '  expected an object, got []',
      ].join('\n'),
    );
  });

  it('puts a single problem with the file on one line', () => {
    expect(formatProblems([{ path: '', message: 'cannot read the file: no such file' }], '/x/config.json')).toBe(
      '/x/config.json: cannot read the file: no such file',
    );
    expect(formatProblems([{ path: 'repo', message: 'expected an object, got nothing' }], 'c.json')).toBe(
      'c.json: 1 problem\n  repo: expected an object, got nothing',
    );
  });
});

describe('describeValue', () => {
  it.each<[unknown, string]>([
    [undefined, 'nothing'],
    [null, 'null'],
    ['25:00', '"25:00"'],
    [0, '0'],
    [false, 'false'],
    [['a'], '["a"]'],
    [{ a: 1 }, '{"a":1}'],
    [Array.from({ length: 40 }, (_, index) => index), 'an array of 40 items'],
    [Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`key${index}`, index])), expect.stringMatching(/^an object with keys key0, key1,/)],
    ['x'.repeat(100), `"${'x'.repeat(55)}..."`],
    // The cut falls inside the thumbs-up's skin tone: the whole emoji goes, no half surrogate stays.
    [`${'x'.repeat(53)}👍🏽${'y'.repeat(40)}`, `"${'x'.repeat(53)}..."`],
  ])('describes %j', (value, expected) => {
    expect(describeValue(value)).toStrictEqual(expected);
  });
});
