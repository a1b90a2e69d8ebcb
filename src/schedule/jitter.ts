import type { NightWindow } from './night.js';

/** A tick ready to fire: `at` is `scheduled` delayed by jitter, and still inside its night. */
export interface Tick {
  at: Date;
  scheduled: Date;
  night: NightWindow;
}

/**
 * Delays each scheduled tick by a uniform random whole number of milliseconds in [0, jitterMs],
 * drawing `random()` once per tick in order, so a given random source always yields the same
 * ticks; without `random` the ticks keep their scheduled times. A tick pushed to or past the
 * night's close is dropped, not moved.
 */
export function jitterTicks(scheduled: Date[], night: NightWindow, jitterMs: number, random?: () => number): Tick[] {
  const ticks: Tick[] = [];
  for (const at of scheduled) {
    const delay = random !== undefined && jitterMs > 0 ? Math.floor(random() * (jitterMs + 1)) : 0;
    const jittered = new Date(at.getTime() + delay);
    if (jittered < night.close) ticks.push({ at: jittered, scheduled: at, night });
  }
  return ticks;
}
