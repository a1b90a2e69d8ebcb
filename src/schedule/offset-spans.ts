import { Temporal } from 'temporal-polyfill';

/** A stretch of time over which a zone's UTC offset stays the same. */
export interface OffsetSpan {
  /** The transition that began it, or a day before the range when none is that recent. */
  start: number;
  /** The next transition, or +Infinity. */
  end: number;
  offsetMs: number;
  /** The offset in force just before `start`: larger means the clock went back there. */
  previousOffsetMs: number;
}

// A clock that goes back repeats its last hour or so; a day of look-back finds any transition
// whose repeated wall times reach into the range. (Searching for the previous transition instead
// scans back to 1945 in a zone like Asia/Kolkata, and that cost a year-long search seconds.)
const LOOKBACK_MS = 86_400_000;
// Zones change offset a few times a year; a range that needs more spans than this is not a
// night, and walking it would be the runaway this bound exists to stop.
const MAX_SPANS = 1_000;

/** The spans covering [from, to), in order; the first may begin before `from`, the last end after `to`. */
export function offsetSpans(timeZone: string, from: number, to: number): OffsetSpan[] {
  const spans: OffsetSpan[] = [];
  let start = from - LOOKBACK_MS;
  let zoned = Temporal.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(timeZone);
  let previousOffsetMs = offsetMs(zoned);
  for (let walked = 0; walked < MAX_SPANS; walked += 1) {
    const next = zoned.getTimeZoneTransition('next');
    const end = next === null ? Infinity : next.epochMilliseconds;
    if (end > from) spans.push({ start, end, offsetMs: offsetMs(zoned), previousOffsetMs });
    if (next === null || end >= to || end <= start) return spans;
    previousOffsetMs = offsetMs(zoned);
    start = end;
    zoned = next;
  }
  throw new Error(`${timeZone} changes offset more than ${MAX_SPANS} times between ${new Date(from).toISOString()} and ${new Date(to).toISOString()}`);
}

function offsetMs(zoned: Temporal.ZonedDateTime): number {
  return zoned.offsetNanoseconds / 1_000_000;
}
