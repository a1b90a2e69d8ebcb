import { dateErrors } from './agent/recipes/date-errors.js';
import { formatCoverage } from './agent/recipes/format-coverage.js';
import { validateDuration } from './agent/recipes/validate-duration.js';

export interface DemoGoal {
  title: string;
  body: string;
}

/** The issues the maintainer files, oldest first; the runner takes them in that order. */
export const DEMO_GOALS: readonly DemoGoal[] = [
  {
    title: validateDuration.goal,
    body: [
      '`parseDuration("soon")` crashes with "Cannot read properties of null" and `parseDuration(5)` with "text.trim is not a function".',
      '',
      'It should throw a `RangeError` that names the text it cannot read, and a `TypeError` for anything that is not a string. Add tests for both.',
    ].join('\n'),
  },
  {
    title: formatCoverage.goal,
    body: '`truncate` and `slugify` in `src/format.js` have no tests at all, and `formatBytes` is only tested on three sizes. Cover them, edges included.',
  },
  {
    title: dateErrors.goal,
    body: [
      '`parseDate` throws a bare string for a non-string and returns `null` for a malformed or impossible date, so `daysBetween("2026-11-28", "x")` quietly returns -20785.',
      '',
      'Throw `TypeError` / `RangeError` with a message naming the input, and update the tests.',
    ].join('\n'),
  },
];
