// Window, tick, jitter and DST math as pure functions (time is always passed in), plus the timer
// adapter. A night is named by its date, "YYYY-MM-DD" in the schedule's zone; its NightWindow is
// that date with its open and close instants.
export type { ScheduleSpec } from './schedule-spec.js';
export { nightOn, localDateOf, resolveWallTime, type NightWindow } from './night.js';
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
