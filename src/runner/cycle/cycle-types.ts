import type { Logger } from 'pino';

/**
 * What started a cycle: a tick of the schedule, one cycle standing in for ticks missed while the
 * machine slept or every slot was busy, a session that ended while goals wait (after the
 * cooldown), or a slot left free while another cycle's decision saw goals waiting.
 */
export type CycleTrigger = 'tick' | 'catch-up' | 'back-to-back' | 'free-slot';

/** One firing of the schedule, as handed to the cycle. */
export interface CycleTick {
  /** The tick's planned time (jitter included); for a catch-up, the last missed tick's; for a back-to-back or free-slot cycle, when it was due. */
  scheduledAt: Date;
  firedAt: Date;
  /** True when this cycle stands in for ticks missed during sleep or a running cycle. */
  catchUp: boolean;
  /** The night it belongs to: the date the window opened, "YYYY-MM-DD" in the schedule's zone. */
  night: string;
  /** Absent: a tick (or a catch-up, as `catchUp` says). */
  trigger?: CycleTrigger;
}

/**
 * The daemon's other cycles, for a runner with several slots (`budget.maxConcurrent`). Claims
 * keep two runners off one goal; this keeps two cycles of one runner off it without asking GitHub.
 */
export interface CycleSlots {
  /** Goal keys (`#12`, `config:0`) other cycles of this runner are working on now. */
  held(): ReadonlySet<string>;
  /**
   * Holds `goal` for this cycle until it returns (a cycle holds one goal; holding another lets go
   * of the first). False when another cycle holds it. Call it right after deciding, with no await
   * in between, so two cycles never take one goal. `moreWork`: other goals were ready too, so the
   * daemon may start a cycle in a free slot.
   */
  hold(claim: { goal: string; session: string; moreWork: boolean }): boolean;
}

export interface CycleContext {
  /** Aborted when the daemon stops: the cycle stops its agent (TERM, then KILL after grace) and returns. */
  signal: AbortSignal;
  /** A child logger carrying the cycle id. */
  logger: Logger;
  /** Unique per cycle; also on every line of `logger`. */
  cycleId: string;
  /** Given by the daemon; absent for `overnight once`, which runs alone. */
  slots?: CycleSlots;
}

export interface CycleResult {
  outcome: string;
  detail?: string;
  /**
   * A session ran in this cycle and, when its goal was chosen, other goals were ready too: the
   * daemon may start the next cycle back to back. Absent or false for a skipped or idle cycle.
   */
  moreWork?: boolean;
}

/** The work done at each tick. The daemon takes it injected; the real one is `runner/cycle.ts`. */
export type CycleFn = (tick: CycleTick, ctx: CycleContext) => Promise<CycleResult>;
