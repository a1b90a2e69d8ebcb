import { DATES_UP_TO_TODAY, nightsFrom } from './nights-from.js';
import type { NightWindow } from './night.js';
import type { ScheduleSpec } from './schedule-spec.js';

/** The night whose window is open at `now` (open <= now < close), or undefined between nights. */
export function isWithinWindow(
  schedule: Pick<ScheduleSpec, 'timezone' | 'window' | 'days'>,
  now: Date,
): NightWindow | undefined {
  for (const night of nightsFrom(schedule, now, DATES_UP_TO_TODAY)) {
    if (night.open <= now && now < night.close) return night;
  }
  return undefined;
}
