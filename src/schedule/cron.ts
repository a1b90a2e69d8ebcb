import { createRequire } from 'node:module';

// Loaded on the first call: only `expression` schedules need cron-parser (and its luxon, ~4 MB),
// and an idle daemon keeps every module it loaded.
const requireCjs = createRequire(import.meta.url);

/**
 * The matches of a 5-field cron expression in `timeZone` within [from, to). cron-parser settles
 * DST like Vixie cron: a fixed time inside a spring-forward gap runs once, moved later by the gap
 * (as Temporal's "compatible" does); a fixed time that fall-back repeats runs once, at the first
 * occurrence; wildcard hours run in both repeated hours.
 */
export function cronMatches(expression: string, timeZone: string, from: Date, to: Date): Date[] {
  const matches: Date[] = [];
  if (from >= to) return matches;
  const { CronExpressionParser } = requireCjs('cron-parser') as typeof import('cron-parser');
  const cron = CronExpressionParser.parse(expression, {
    tz: timeZone,
    // next() is strictly after the current date; start 1 ms early so a match at `from` counts.
    currentDate: new Date(from.getTime() - 1),
    // A fixed seed makes `H` fields pick the same minute on every call, as Jenkins seeds them
    // with the job name: the ticks stay a pure function of the config.
    hashSeed: expression,
  });
  for (let match = cron.next().toDate(); match < to; match = cron.next().toDate()) matches.push(match);
  return matches;
}
