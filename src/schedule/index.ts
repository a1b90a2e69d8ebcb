/**
 * The schedule: DESIGN §4 as pure functions (time is always passed in), plus the timer adapter.
 *
 *   nightOn(schedule, date: PlainDate | "YYYY-MM-DD"): Night          // { date, open, close }
 *   nightsFrom(schedule, instant: Date, dates): Iterable<Night>       // nights still open at instant, then later ones
 *   isWithinWindow(schedule, now: Date): Night | undefined            // the night open at now
 *   nightTicks(schedule, night): Date[]                               // scheduled, unjittered
 *   ticksFrom(schedule, from: Date, count, { random? }): Tick[]       // scheduled >= from
 *   nextTick(schedule, now: Date, { random }): Tick | undefined       // scheduled > now
 *   dstChange(schedule, night): DstChange | undefined                 // shortened / lengthened / moved
 *   createTimer({ setTimeout?, clearTimeout?, now? }).at(date, fn): CancelTimer
 *
 * A Tick is { at, scheduled, night }: `at` is `scheduled` plus jitter and always before
 * `night.close`. `schedule` is the parsed config's `schedule` (any `ScheduleSpec`).
 */
export type { ScheduleSpec } from './schedule-spec.js';
export { nightOn, localDateOf, resolveWallTime, type NightWindow as Night } from './night.js';
export { opensOn } from './days.js';
export { nightsFrom } from './nights-from.js';
export { nightTicks } from './ticks.js';
export { jitterTicks, type Tick } from './jitter.js';
export { isWithinWindow } from './window.js';
export { ticksFrom, nextTick, type TickOptions } from './next-tick.js';
export { dstChange, type DstChange } from './dst.js';
export { formatLocal, formatUtc } from './format-instant.js';
export { ticksAsJson, renderTickTable } from './render-ticks.js';
export { createTimer, type Timer, type TimerOptions, type CancelTimer } from './timer.js';
