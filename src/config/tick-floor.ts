import type { ConfigProblem } from './config-problem.js';
import { formatDuration, parseDuration } from './duration.js';
import { EVERY_HARD_MIN_MS, EVERY_MAX_MS, EVERY_MIN_MS, type ScheduleConfig } from './runner-config.js';

/**
 * Lowers the one-minute tick floor for one process. `overnight demo` and the end-to-end tests
 * compress a night into minutes and start their runner with it; nothing a user configures needs it.
 */
export const TICK_FLOOR_VARIABLE = 'OVERNIGHT_TICK_FLOOR';

/** The smallest `schedule.every` this process accepts: a minute, or the variable's value down to a second. */
export function tickFloorMs(env: Readonly<Record<string, string | undefined>>): number {
  const lowered = env[TICK_FLOOR_VARIABLE] ? parseDuration(env[TICK_FLOOR_VARIABLE]) : undefined;
  return lowered === undefined ? EVERY_MIN_MS : Math.min(EVERY_MIN_MS, Math.max(EVERY_HARD_MIN_MS, lowered));
}

/** `schedule.every` below the floor is a problem naming the floor (the schema checked the rest). */
export function checkTickFloor(schedule: Pick<ScheduleConfig, 'every'>, env: Readonly<Record<string, string | undefined>>): ConfigProblem[] {
  const every = schedule.every === undefined ? undefined : parseDuration(schedule.every);
  const floor = tickFloorMs(env);
  if (every === undefined || every >= floor) return [];
  const message = `expected a duration from ${formatDuration(floor)} to ${formatDuration(EVERY_MAX_MS)} (one tick a minute at most), got "${schedule.every}"`;
  return [{ path: 'schedule.every', message }];
}
