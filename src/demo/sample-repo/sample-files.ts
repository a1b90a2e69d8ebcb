/**
 * The demo's sample project, "tinyutils": a few string and date helpers in plain Node (no build,
 * no dependencies) tested with `node --test`. It is small on purpose but real: its code has the
 * flaws the demo goals name (parseDuration crashes on bad input, parseDate throws a bare string
 * and returns null for other errors, format.js is half tested), and the demo agent's recipes
 * (demo-recipes.ts) edit exactly this text.
 */

const PACKAGE_JSON = `${JSON.stringify(
  {
    name: 'tinyutils',
    version: '1.0.0',
    description: 'Small string and date helpers.',
    type: 'module',
    exports: { './duration': './src/duration.js', './format': './src/format.js', './dates': './src/dates.js' },
    scripts: { test: 'node --test' },
    license: 'MIT',
  },
  null,
  2,
)}\n`;

const README = `# tinyutils

Small string and date helpers with no dependencies.

- \`parseDuration("90s")\` -> milliseconds; \`formatDuration(ms)\` -> \`"1m 30s"\`
- \`formatBytes(n)\`, \`truncate(text, max)\`, \`slugify(text)\`
- \`parseDate("2026-11-28")\` -> \`Date\` (UTC midnight); \`daysBetween(a, b)\`

Run the tests with \`npm test\` (\`node --test\`).
`;

const AGENTS_MD = `# Notes for coding agents

- Plain ES modules, Node 20 or later, no dependencies: do not add any.
- Tests live in \`test/\` and use \`node:test\` with \`node:assert/strict\`; run them with \`node --test\`.
- Errors are \`TypeError\` for a wrong argument type and \`RangeError\` for a value out of range,
  with a message that names the bad input.
`;

export const DURATION_JS = `const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses "250ms", "90s", "5m", "1.5h" or "2d" into milliseconds. */
export function parseDuration(text) {
  const match = /^(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  return Number(match[1]) * UNITS[match[2]];
}

/** Formats milliseconds as the two largest units, e.g. "1h 5m" or "45s". */
export function formatDuration(ms) {
  if (ms < 1000) return ms + 'ms';
  const parts = [];
  let rest = Math.floor(ms / 1000);
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]]) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(count + unit);
  }
  return parts.slice(0, 2).join(' ');
}
`;

export const DURATION_TEST_JS = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration, formatDuration } from '../src/duration.js';

test('parseDuration reads each unit', () => {
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('5m'), 300_000);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('2d'), 172_800_000);
});

test('parseDuration ignores surrounding spaces', () => {
  assert.equal(parseDuration(' 10s '), 10_000);
});

test('formatDuration keeps the two largest units', () => {
  assert.equal(formatDuration(500), '500ms');
  assert.equal(formatDuration(90_000), '1m 30s');
  assert.equal(formatDuration(3_900_000), '1h 5m');
  assert.equal(formatDuration(90_061_000), '1d 1h');
});
`;

export const FORMAT_JS = `const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** "1.5 KB" style sizes, base 1024, one decimal above bytes. */
export function formatBytes(bytes) {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? value + ' B' : value.toFixed(1) + ' ' + BYTE_UNITS[unit];
}

/** Cuts text to at most max characters, ending with an ellipsis when it was cut. */
export function truncate(text, max) {
  if (text.length <= max) return text;
  return text.slice(0, Math.max(0, max - 1)) + '…';
}

/** Lower-case words joined by "-", for URLs and file names. */
export function slugify(text) {
  return text
    .normalize('NFKD')
    .replace(/[\\u0300-\\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
`;

export const FORMAT_TEST_JS = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes } from '../src/format.js';

test('formatBytes picks the largest unit below 1024', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MB');
});
`;

export const DATES_JS = `const ISO_DATE = /^(\\d{4})-(\\d{2})-(\\d{2})$/;
const DAY_MS = 86_400_000;

/** Reads "YYYY-MM-DD" as midnight UTC. */
export function parseDate(text) {
  if (typeof text !== 'string') throw 'parseDate: expected a string';
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [, year, month, day] = match.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  return date;
}

/** Whole days from a to b (negative when b is earlier). */
export function daysBetween(a, b) {
  return Math.round((parseDate(b) - parseDate(a)) / DAY_MS);
}
`;

export const DATES_TEST_JS = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDate, daysBetween } from '../src/dates.js';

test('parseDate reads an ISO date as UTC midnight', () => {
  assert.equal(parseDate('2026-11-28').toISOString(), '2026-11-28T00:00:00.000Z');
});

test('parseDate rejects impossible dates', () => {
  assert.equal(parseDate('2026-02-30'), null);
  assert.equal(parseDate('28/11/2026'), null);
});

test('daysBetween counts whole days', () => {
  assert.equal(daysBetween('2026-11-28', '2026-12-01'), 3);
  assert.equal(daysBetween('2026-12-01', '2026-11-28'), -3);
});
`;

const OVERNIGHT_YML = `# How the overnight bot treats this repository (see overnight's docs/configuration.md).
goalLabel: overnight
commandPermission: write
pr:
  labels: [demo]
  reviewers: [alice]
`;

const GITIGNORE = `node_modules/
`;

/** Every file of the sample project's first commit, by path. */
export const SAMPLE_REPO_FILES: Readonly<Record<string, string>> = {
  '.gitignore': GITIGNORE,
  '.github/overnight.yml': OVERNIGHT_YML,
  'AGENTS.md': AGENTS_MD,
  'README.md': README,
  'package.json': PACKAGE_JSON,
  'src/dates.js': DATES_JS,
  'src/duration.js': DURATION_JS,
  'src/format.js': FORMAT_JS,
  'test/dates.test.js': DATES_TEST_JS,
  'test/duration.test.js': DURATION_TEST_JS,
  'test/format.test.js': FORMAT_TEST_JS,
};
