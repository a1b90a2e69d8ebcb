import type { CycleTrigger } from '../cycle/cycle-types.js';

/** What the night has used so far, as the store records it. */
export interface NightUsage {
  /** Sessions started tonight, running ones included. */
  sessionIds: readonly string[];
}

/** The runner config's `budget` caps a start is checked against; a night's cost caps belong here too. */
export interface NightBudget {
  maxConcurrent: number;
  maxSessionsPerNight?: number | undefined;
}

export interface StartFacts {
  trigger: CycleTrigger;
  windowOpen: boolean;
  /** Cycles running now, with the session each has started, if any. */
  running: ReadonlyArray<{ session?: string | undefined }>;
  budget: NightBudget;
  /** Absent in a dry run, which keeps no store. */
  usage?: NightUsage | undefined;
}

export type StartVerdict = { start: true } | { start: false; reason: string };

/**
 * May another cycle start now (pure)? Every start asks: a tick, a catch-up, a back-to-back cycle
 * and one filling a free slot. A slot must be free, and the night's budget must allow one more
 * session with every running cycle counted as a session (it may not have recorded one yet). A tick
 * with nothing running is the one exception to the budget: its gate sees the whole night and
 * records the skip with its reason, which the morning report shows. Only a tick may start outside
 * the window (the schedule's ticks are inside it anyway); the others follow work, and work stops
 * at the close.
 */
export function mayStartCycle(facts: StartFacts): StartVerdict {
  const { trigger, running, budget } = facts;
  if (trigger !== 'tick' && trigger !== 'catch-up' && !facts.windowOpen) return { start: false, reason: 'the window is closed' };
  if (running.length >= budget.maxConcurrent) {
    return { start: false, reason: `${running.length} of ${budget.maxConcurrent} slots busy (budget.maxConcurrent)` };
  }
  const gateSeesAll = running.length === 0 && (trigger === 'tick' || trigger === 'catch-up');
  if (!gateSeesAll && budget.maxSessionsPerNight !== undefined) {
    const held = new Set(running.map((cycle) => cycle.session).filter((id) => id !== undefined));
    const recorded = (facts.usage?.sessionIds ?? []).filter((id) => !held.has(id)).length;
    const sessions = recorded + running.length;
    if (sessions >= budget.maxSessionsPerNight) {
      return { start: false, reason: `${sessions} sessions tonight (running ones included), maxSessionsPerNight is ${budget.maxSessionsPerNight}` };
    }
  }
  return { start: true };
}
