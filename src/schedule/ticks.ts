import { parseDuration } from '../config/index.js';
import { cronMatches } from './cron.js';
import type { NightWindow } from './night.js';
import type { ScheduleSpec } from './schedule-spec.js';

// The config asks for at least a minute. The math on its own refuses anything under a second, so
// no input reaching it some other way can make one night hold more than 86 400 ticks: an
// interval of "0.4ms" once rounded to 0 and looped for ever, "1ms" ran out of memory.
const MIN_EVERY_MS = 1_000;

/**
 * The scheduled (unjittered) ticks of one night, in order. With `every`: open + k*every
 * in elapsed time while before close, so DST nights get fewer or more ticks, never skewed ones.
 * With `expression`: the cron matches in the time zone within [open, close).
 */
export function nightTicks(schedule: Pick<ScheduleSpec, 'timezone' | 'every' | 'expression'>, night: NightWindow): Date[] {
  if (schedule.expression !== undefined) {
    return cronMatches(schedule.expression, schedule.timezone, night.open, night.close);
  }
  const everyMs = schedule.every === undefined ? undefined : parseDuration(schedule.every);
  if (everyMs === undefined) {
    const got = JSON.stringify(schedule.every);
    throw new Error(`schedule needs \`every\` (a duration such as "30m") or \`expression\`, got every: ${got}`);
  }
  if (everyMs < MIN_EVERY_MS) throw new Error(`schedule.every must be at least 1s, got "${schedule.every}"`);
  const ticks: Date[] = [];
  for (let at = night.open.getTime(); at < night.close.getTime(); at += everyMs) ticks.push(new Date(at));
  return ticks;
}
