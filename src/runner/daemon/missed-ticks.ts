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

/** The same policy for a tick that fires while every slot is busy (`cycles`: their ids). */
export function whileBusy(policy: MissedPolicy, cycles: readonly string[]): { coalesce: boolean; reason: string } {
  const busy = cycles.length === 1 ? `cycle ${cycles[0]} is still running` : `cycles ${cycles.join(', ')} fill every slot`;
  return policy === 'catch-up'
    ? { coalesce: true, reason: `${busy}; coalesced into one catch-up cycle ${cycles.length === 1 ? 'after it' : 'when a slot frees'}` }
    : { coalesce: false, reason: `${busy}; missed is "skip"` };
}
