import type { ScheduleConfig } from '../../config/index.js';

type MissedPolicy = ScheduleConfig['missed'];

/**
 * `schedule.missed`, for ticks that passed while the machine slept: one catch-up cycle now,
 * only while the window is open (`catch-up`), or none (`skip`). `reason` is logged with each.
 */
export function afterSleep(policy: MissedPolicy, why: string, windowOpen: boolean): { catchUp: boolean; reason: string } {
  if (policy === 'skip') return { catchUp: false, reason: `missed while ${why}; missed is "skip"` };
  if (!windowOpen) return { catchUp: false, reason: `missed while ${why}; the window has closed, so there is nothing to catch up` };
  return { catchUp: true, reason: `missed while ${why}; coalesced into one catch-up cycle` };
}

/** The same policy for a tick that fires while a cycle is still running. */
export function whileBusy(policy: MissedPolicy, cycleId: string): { coalesce: boolean; reason: string } {
  return policy === 'catch-up'
    ? { coalesce: true, reason: `cycle ${cycleId} is still running; coalesced into one catch-up cycle after it` }
    : { coalesce: false, reason: `cycle ${cycleId} is still running; missed is "skip"` };
}
