import type { ScheduleConfig } from '../../config/index.js';
import { type Tick, type NightWindow, nightsFrom, nextTick, isWithinWindow } from '../../schedule/index.js';
export type WindowState = { open: true; night: NightWindow } | { open: false; next: NightWindow | undefined };

/** What the daemon asks of the schedule, answered by the pure schedule core. */
export interface DaemonPlan {
  /** The first tick scheduled strictly after `cursor` (the last tick handled), jittered. */
  nextTick(cursor: Date): Tick | undefined;
  /** Ticks scheduled in (cursor, now]: the ones that passed while the machine slept. */
  missedTicks(cursor: Date, now: Date): Tick[];
  window(now: Date): WindowState;
}

// Far enough to cross any `days` filter (at most six skipped dates) and a skipped calendar date.
const NIGHT_SEARCH_DATES = 10;
// A wake after a very long sleep lists at most this many missed ticks.
const MAX_MISSED = 1_000;

export function createDaemonPlan(schedule: ScheduleConfig, random: () => number = Math.random): DaemonPlan {
  return {
    nextTick: (cursor) => nextTick(schedule, cursor, { random }),
    missedTicks(cursor, now) {
      const missed: Tick[] = [];
      // Unjittered: a tick is missed once its scheduled time has passed.
      for (let tick = nextTick(schedule, cursor, { random: () => 0 }); tick && tick.scheduled <= now; ) {
        missed.push(tick);
        if (missed.length >= MAX_MISSED) break;
        tick = nextTick(schedule, tick.scheduled, { random: () => 0 });
      }
      return missed;
    },
    window(now) {
      const night = isWithinWindow(schedule, now);
      if (night) return { open: true, night };
      for (const candidate of nightsFrom(schedule, now, NIGHT_SEARCH_DATES)) {
        if (candidate.open > now) return { open: false, next: candidate };
      }
      return { open: false, next: undefined };
    },
  };
}
