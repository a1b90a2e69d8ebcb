import type { Recipe } from './recipe.js';

/** "Add input validation to parseDuration": it crashed with a null dereference on text it cannot read. */
export const validateDuration: Recipe = {
  id: 'validate-parse-duration',
  goal: 'Add input validation to parseDuration',
  matches: (text) => /parseDuration/i.test(text) && /validat|invalid|bad input/i.test(text),
  edits: [
    {
      path: 'src/duration.js',
      kind: 'replace',
      from: String.raw`/** Parses "250ms", "90s", "5m", "1.5h" or "2d" into milliseconds. */
export function parseDuration(text) {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  return Number(match[1]) * UNITS[match[2]];
}`,
      to: String.raw`/**
 * Parses "250ms", "90s", "5m", "1.5h" or "2d" into milliseconds.
 * Throws a TypeError for a non-string and a RangeError naming text it cannot read.
 */
export function parseDuration(text) {
  if (typeof text !== 'string') {
    throw new TypeError('parseDuration expects a string, got ' + typeof text);
  }
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) {
    throw new RangeError('invalid duration "' + text + '": expected a number followed by ms, s, m, h or d');
  }
  return Number(match[1]) * UNITS[match[2]];
}`,
    },
    {
      path: 'test/duration.test.js',
      kind: 'append',
      text: `
test('parseDuration rejects text it cannot read, naming it', () => {
  assert.throws(() => parseDuration('soon'), { name: 'RangeError', message: /invalid duration "soon"/ });
  assert.throws(() => parseDuration('10 parsecs'), RangeError);
  assert.throws(() => parseDuration('-5s'), RangeError);
  assert.throws(() => parseDuration(''), RangeError);
});

test('parseDuration rejects a non-string', () => {
  assert.throws(() => parseDuration(5), { name: 'TypeError', message: 'parseDuration expects a string, got number' });
  assert.throws(() => parseDuration(undefined), TypeError);
});
`,
    },
  ],
  summary:
    'parseDuration now validates its input: a non-string throws a TypeError, and text it cannot read throws a RangeError that names it ' +
    '(before, both crashed with "Cannot read properties of null"). Two new tests cover both cases.',
};
