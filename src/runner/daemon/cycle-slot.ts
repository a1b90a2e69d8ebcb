import type { CycleSlots, CycleTick } from '../cycle/cycle-types.js';

/** A cycle running in one of the daemon's slots. */
export interface CycleSlot {
  id: string;
  tick: CycleTick;
  controller: AbortController;
  done: Promise<void>;
  /** Set when the cycle holds its goal. */
  goal?: string;
  session?: string;
}

/**
 * What the cycle in slot `id` sees of the others: the goals they hold, and holding its own. The
 * check and the hold happen in one synchronous step, so two slots never hold one goal.
 * `onHeld` hears of every hold, with whether more goals were ready.
 */
export function slotsFor(running: ReadonlyMap<string, CycleSlot>, id: string, onHeld: (moreWork: boolean) => void): CycleSlots {
  const others = () => [...running.values()].filter((other) => other.id !== id);
  return {
    held: () => new Set(others().flatMap((other) => (other.goal === undefined ? [] : [other.goal]))),
    hold: ({ goal, session, moreWork }) => {
      const own = running.get(id);
      if (!own || others().some((other) => other.goal === goal)) return false;
      own.goal = goal;
      own.session = session;
      onHeld(moreWork);
      return true;
    },
  };
}
