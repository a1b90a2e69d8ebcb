import type { Recipe } from './recipe.js';

/** "Make parseDate throw real errors": it threw a bare string for one mistake and returned null for others. */
export const dateErrors: Recipe = {
  id: 'parse-date-errors',
  goal: 'Make parseDate throw real errors',
  matches: (text) => /parseDate/i.test(text) && /error|throw/i.test(text),
  edits: [
    {
      path: 'src/dates.js',
      kind: 'replace',
      from: `/** Reads "YYYY-MM-DD" as midnight UTC. */
export function parseDate(text) {
  if (typeof text !== 'string') throw 'parseDate: expected a string';
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [, year, month, day] = match.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  return date;
}`,
      to: `/**
 * Reads "YYYY-MM-DD" as midnight UTC. Throws a TypeError for a non-string and a RangeError naming
 * the text when it is not a calendar date, so callers can tell what went wrong.
 */
export function parseDate(text) {
  if (typeof text !== 'string') {
    throw new TypeError('parseDate expects a string, got ' + typeof text);
  }
  const match = ISO_DATE.exec(text);
  if (!match) {
    throw new RangeError('invalid date "' + text + '": expected YYYY-MM-DD');
  }
  const [, year, month, day] = match.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) {
    throw new RangeError('invalid date "' + text + '": not a day of the calendar');
  }
  return date;
}`,
    },
    {
      path: 'test/dates.test.js',
      kind: 'replace',
      from: `test('parseDate rejects impossible dates', () => {
  assert.equal(parseDate('2026-02-30'), null);
  assert.equal(parseDate('28/11/2026'), null);
});`,
      to: `test('parseDate throws a RangeError naming an impossible or malformed date', () => {
  assert.throws(() => parseDate('2026-02-30'), { name: 'RangeError', message: /invalid date "2026-02-30"/ });
  assert.throws(() => parseDate('28/11/2026'), { name: 'RangeError', message: /expected YYYY-MM-DD/ });
});

test('parseDate throws a TypeError for a non-string', () => {
  assert.throws(() => parseDate(20261128), { name: 'TypeError', message: 'parseDate expects a string, got number' });
});

test('daysBetween passes a bad date on instead of counting from 1970', () => {
  assert.throws(() => daysBetween('2026-11-28', 'tomorrow'), RangeError);
});`,
    },
  ],
  summary:
    'parseDate threw a bare string for a non-string and returned null for a malformed or impossible date, so daysBetween ' +
    'silently counted from 1970. It now throws a TypeError or a RangeError that names the text; the tests check both, and ' +
    'that daysBetween passes the error on.',
};
