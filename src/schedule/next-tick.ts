import { jitterTicks, type Tick } from './jitter.js';
import { nightsFrom } from './nights-from.js';
import type { ScheduleSpec } from './schedule-spec.js';
import { nightTicks } from './ticks.js';

// A yearly cron expression ticks within a year; a schedule that finds nothing in that span
// (an expression that never matches inside the window) is reported as having no next tick.
const HORIZON_DAYS = 370;

export interface TickOptions {
  /** Uniform in [0, 1), like Math.random. Without it, ticks fire at their scheduled times. */
  random?: () => number;
}

/**
 * The next `count` ticks whose scheduled time is at or after `from`, in scheduled order, each
 * delayed by jitter drawn from `random` (night by night, tick by tick). Fewer when the schedule
 * has fewer within a year.
 */
export function ticksFrom(schedule: ScheduleSpec, from: Date, count: number, { random }: TickOptions = {}): Tick[] {
  const ticks: Tick[] = [];
  if (count <= 0) return ticks;
  const taken = new Set<number>();
  for (const night of nightsFrom(schedule, from, HORIZON_DAYS)) {
    // Nights open in date order and every tick is at or after its night's open, so once a
    // night opens after the count-th tick nothing later can come before it.
    const last = ticks[count - 1];
    if (last !== undefined && night.open > last.scheduled) break;
    // Nights only overlap, or coincide, where a zone skips hours or a whole date: a tick
    // time two nights share is one tick.
    const scheduled = nightTicks(schedule, night).filter((at) => at >= from && !taken.has(at.getTime()));
    for (const at of scheduled) taken.add(at.getTime());
    ticks.push(...jitterTicks(scheduled, night, schedule.jitterMs, random));
    ticks.sort((a, b) => a.scheduled.getTime() - b.scheduled.getTime());
  }
  return ticks.slice(0, count);
}

/**
 * The first tick scheduled strictly after `now`, jittered: what the daemon waits for next.
 * Strictly after, so calling it again with the time a tick fired never returns that tick twice.
 */
export function nextTick(schedule: ScheduleSpec, now: Date, { random }: Required<TickOptions>): Tick | undefined {
  return ticksFrom(schedule, new Date(now.getTime() + 1), 1, { random })[0];
}
