import type { Goal } from './goal-types.js';
import type { SetAside } from './set-aside.js';

export interface BusyGoals {
  /** Goals other cycles of this runner hold right now. */
  held: ReadonlySet<string>;
  /** Goals whose session is committed or pushed and still waits for its PR. */
  publishing: ReadonlySet<string>;
}

/**
 * Leaves out the goals this runner is already on (pure): another slot's goal, and a goal whose
 * session is on its way to its PR (its claim still stands, so a new attempt would only find it
 * claimed). What is left is what decide chooses from.
 */
export function setAsideBusy(goals: readonly Goal[], busy: BusyGoals): { ready: Goal[]; setAside: SetAside[] } {
  const ready: Goal[] = [];
  const setAside: SetAside[] = [];
  for (const goal of goals) {
    if (busy.held.has(goal.key)) setAside.push({ key: goal.key, kind: 'in-progress', reason: 'another session of this runner is working on it' });
    else if (busy.publishing.has(goal.key)) setAside.push({ key: goal.key, kind: 'publishing', reason: 'its session is pushed and waits for its PR' });
    else ready.push(goal);
  }
  return { ready, setAside };
}
