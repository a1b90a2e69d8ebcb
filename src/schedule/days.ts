import { Temporal } from 'temporal-polyfill';
import { WEEKDAYS } from '../config/index.js';
import type { ScheduleSpec } from './schedule-spec.js';

/** Whether the window opens on `date`: `days` filters on the date a night opens, not closes. */
export function opensOn(schedule: Pick<ScheduleSpec, 'days'>, date: Temporal.PlainDate | string): boolean {
  if (schedule.days === undefined) return true;
  // Temporal numbers Monday 1 .. Sunday 7; WEEKDAYS runs mon .. sun.
  const weekday = WEEKDAYS[Temporal.PlainDate.from(date).dayOfWeek - 1];
  return weekday !== undefined && schedule.days.includes(weekday);
}
