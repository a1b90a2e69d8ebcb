import { Temporal } from 'temporal-polyfill';

/** "2026-03-08T06:00:00Z": UTC, seconds always, milliseconds (all three digits) only when there are some. */
export function formatUtc(instant: Date): string {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toString({ fractionalSecondDigits: digits(instant) });
}

/** "2026-03-08T01:00:00-05:00": the wall time in `timeZone` with its offset, no zone name. */
export function formatLocal(instant: Date, timeZone: string): string {
  return zoned(instant, timeZone).toString({ timeZoneName: 'never', fractionalSecondDigits: digits(instant) });
}

function digits(instant: Date): 0 | 3 {
  return instant.getUTCMilliseconds() === 0 ? 0 : 3;
}

export function zoned(instant: Date, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone);
}
