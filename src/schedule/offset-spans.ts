import { Temporal } from 'temporal-polyfill';

/** A stretch of time over which a zone's UTC offset stays the same. */
export interface OffsetSpan {
  /** The transition that began it, or -Infinity for a zone that never changed before. */
  start: number;
  /** The next transition, or +Infinity. */
  end: number;
  offsetMs: number;
  /** The offset in force just before `start`: larger means the clock went back there. */
  previousOffsetMs: number;
}

// Zones change offset a few times a year; a range that needs more spans than this is not a
// night, and walking it would be the runaway this bound exists to stop.
const MAX_SPANS = 1_000;

/** The spans covering [from, to), in order; the first may begin before `from`, the last end after `to`. */
export function offsetSpans(timeZone: string, from: number, to: number): OffsetSpan[] {
  const spans: OffsetSpan[] = [];
  let zoned = Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO(timeZone);
  const previous = zoned.getTimeZoneTransition('previous');
  let start = previous === null ? -Infinity : previous.epochMilliseconds;
  let previousOffsetMs = previous === null ? offsetMs(zoned) : offsetMs(previous.subtract({ nanoseconds: 1 }));
  while (spans.length < MAX_SPANS) {
    const next = zoned.getTimeZoneTransition('next');
    const end = next === null ? Infinity : next.epochMilliseconds;
    spans.push({ start, end, offsetMs: offsetMs(zoned), previousOffsetMs });
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
