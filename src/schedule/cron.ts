import { compileCron, type CronMatcher } from './cron-matcher.js';
import { offsetSpans } from './offset-spans.js';

const MINUTE_MS = 60_000;
// A search for the next tick asks about the same expression once per night of a year.
const compiled = new Map<string, CronMatcher>();
const COMPILED_MAX = 32;

/**
 * The matches of a 5-field cron expression in `timeZone` within [from, to), in order. The walk
 * only moves forward through the wall minutes of each stretch of constant offset, so it ends
 * within (to - from) / 1 min steps whatever the zone does.
 *
 * Clock changes follow cron(8): a `*` job runs by the clock as it reads (a skipped wall time
 * never runs, a repeated one runs twice); a fixed-time job runs once, at the first occurrence of
 * a repeated time, and a time inside a spring-forward gap moves later by the gap, as Temporal's
 * "compatible" disambiguation reads it.
 */
export function cronMatches(expression: string, timeZone: string, from: Date, to: Date): Date[] {
  const begin = from.getTime();
  const end = to.getTime();
  if (!(begin < end)) return [];
  const cron = compiledCron(expression);
  const found = new Set<number>();
  for (const span of offsetSpans(timeZone, begin, end)) {
    const low = Math.max(span.start, begin);
    const high = Math.min(span.end, end);
    const jump = span.offsetMs - span.previousOffsetMs;
    // Instants [start, start - jump) after a clock went back show wall times already seen.
    const repeatsUntil = jump < 0 ? span.start - jump : -Infinity;
    const walls = { from: low + span.offsetMs, to: high + span.offsetMs };
    for (let wall = cron.next(walls.from, walls.to); wall !== undefined; wall = cron.next(wall + MINUTE_MS, walls.to)) {
      const at = wall - span.offsetMs;
      if (!(cron.fixedTime && at < repeatsUntil)) found.add(at);
    }
    if (cron.fixedTime && jump > 0) {
      // The wall times the gap skipped, [start + previous offset, start + offset), each read with
      // the offset before the gap: that is the wall time moved later by the gap.
      const gap = { from: span.start + span.previousOffsetMs, to: span.start + span.offsetMs };
      for (let wall = cron.next(gap.from, gap.to); wall !== undefined; wall = cron.next(wall + MINUTE_MS, gap.to)) {
        const at = wall - span.previousOffsetMs;
        if (at >= begin && at < end) found.add(at);
      }
    }
  }
  return [...found].sort((a, b) => a - b).map((at) => new Date(at));
}

function compiledCron(expression: string): CronMatcher {
  let cron = compiled.get(expression);
  if (cron === undefined) {
    cron = compileCron(expression);
    if (compiled.size >= COMPILED_MAX) compiled.clear();
    compiled.set(expression, cron);
  }
  return cron;
}
