import type { Recipe } from './recipe.js';

/** "Increase test coverage of format.js": truncate and slugify had no tests at all. */
export const formatCoverage: Recipe = {
  id: 'format-coverage',
  goal: 'Increase test coverage of format.js',
  matches: (text) => /\bformat(\.js)?\b/i.test(text) && /test|coverage/i.test(text),
  edits: [
    {
      path: 'test/format.test.js',
      kind: 'replace',
      from: `import { formatBytes } from '../src/format.js';`,
      to: `import { formatBytes, truncate, slugify } from '../src/format.js';`,
    },
    {
      path: 'test/format.test.js',
      kind: 'append',
      text: `
test('formatBytes handles zero and stops at terabytes', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1024 ** 5), '1024.0 TB');
});

test('truncate leaves text that fits alone and marks a cut with an ellipsis', () => {
  assert.equal(truncate('overnight', 20), 'overnight');
  assert.equal(truncate('overnight', 9), 'overnight');
  assert.equal(truncate('overnight', 5), 'over…');
  assert.equal(truncate('overnight', 5).length, 5);
});

test('slugify joins lower-case words with dashes and drops accents', () => {
  assert.equal(slugify('Hello, World!'), 'hello-world');
  assert.equal(slugify('  Crème brûlée  '), 'creme-brulee');
  assert.equal(slugify('--a--b--'), 'a-b');
});
`,
    },
  ],
  summary:
    'format.js was half tested: truncate and slugify had no tests. Added tests for both (text that fits, the ellipsis on a cut, ' +
    'punctuation, accents, leading and trailing dashes) and for the edges of formatBytes (zero, 1023 B, the terabyte cap).',
};
