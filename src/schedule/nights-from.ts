import { opensOn } from './days.js';
import { localDateOf, nightOn, type NightWindow } from './night.js';
import type { ScheduleSpec } from './schedule-spec.js';

// A night opening on D - 1 is still open on D when the window crosses midnight; one more day
// covers zones that skip a whole date (Pacific/Apia, 30 December 2011).
const LOOKBACK_DAYS = 2;

/**
 * The nights the window opens, in date order, from the nights that may still be open at
 * `instant` onward, for `days` calendar dates. Dates filtered out by `days` yield nothing.
 */
export function* nightsFrom(
  schedule: Pick<ScheduleSpec, 'timezone' | 'window' | 'days'>,
  instant: Date,
  days: number,
): Generator<NightWindow> {
  const first = localDateOf(instant, schedule.timezone).subtract({ days: LOOKBACK_DAYS });
  for (let offset = 0; offset < days; offset += 1) {
    const date = first.add({ days: offset });
    if (opensOn(schedule, date)) yield nightOn(schedule, date);
  }
}

/** How many dates `nightsFrom` must walk to reach the night opening on the instant's own date. */
export const DATES_UP_TO_TODAY = LOOKBACK_DAYS + 1;
