import type { CycleRow, Store } from '../../store/index.js';

/**
 * A cycle its preflight stopped: an error with the problems as reasons. Errors thrown later in a
 * cycle have no reasons; an agent a decision picked that cannot run has one, and is counted too
 * (a machine problem as well), which at worst costs one look at the dashboard.
 */
const preflightFailed = (cycle: CycleRow) => cycle.outcome === 'error' && cycle.reasons.length > 0;

/**
 * When this runner's unbroken run of failed preflights before cycle `cycleId` began (the start
 * of its oldest cycle), or undefined when the last cycle before it ran past its preflight, or there
 * was none. Read from the state store, so a fresh process (`overnight once`) knows it too.
 * Cycles still running (parallel slots) neither end nor extend the run.
 */
export function failingSince(store: Pick<Store, 'nights' | 'cyclesOfNight'>, cycleId: number): Date | undefined {
  let since: string | undefined;
  for (const night of store.nights()) {
    const earlier = store.cyclesOfNight(night).filter((cycle) => cycle.id < cycleId && cycle.outcome !== undefined);
    for (const cycle of earlier.reverse()) {
      if (!preflightFailed(cycle)) return since === undefined ? undefined : new Date(since);
      since = cycle.startedAt;
    }
  }
  return since === undefined ? undefined : new Date(since);
}
