import { Temporal } from 'temporal-polyfill';
import type { ScheduleSpec } from './schedule-spec.js';

/** One opening of the window: the night that opens on calendar date `date`. */
export interface NightWindow {
  /** The date the window opens on, "YYYY-MM-DD" in the schedule's time zone. */
  date: string;
  open: Date;
  /** Half-open: the night covers [open, close). */
  close: Date;
}

/**
 * The instant a wall-clock time on a date names in a time zone. "compatible" is TC39 Temporal's
 * rule (and RFC 5545's): a time inside a spring-forward gap moves later by the gap's length, an
 * ambiguous fall-back time takes the earlier instant.
 */
export function resolveWallTime(date: Temporal.PlainDate, hhmm: string, timeZone: string): Temporal.ZonedDateTime {
  return date.toPlainDateTime(Temporal.PlainTime.from(hhmm)).toZonedDateTime(timeZone, { disambiguation: 'compatible' });
}

/** The night opening on `date`. A window whose end is not after its start closes the next day. */
export function nightOn(schedule: Pick<ScheduleSpec, 'timezone' | 'window'>, date: Temporal.PlainDate | string): NightWindow {
  const day = Temporal.PlainDate.from(date);
  const { start, end } = schedule.window;
  // "HH:MM" strings compare like the times they name; start == end is rejected by the config schema.
  const closeDay = end > start ? day : day.add({ days: 1 });
  return {
    date: day.toString(),
    open: new Date(resolveWallTime(day, start, schedule.timezone).epochMilliseconds),
    close: new Date(resolveWallTime(closeDay, end, schedule.timezone).epochMilliseconds),
  };
}

/** The calendar date an instant falls on in a time zone. */
export function localDateOf(instant: Date, timeZone: string): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone).toPlainDate();
}
