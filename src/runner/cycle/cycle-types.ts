import type { Logger } from 'pino';

/** One firing of the schedule, as handed to the cycle. */
export interface CycleTick {
  /** The tick's planned time (jitter included); for a catch-up, the last missed tick's. */
  scheduledAt: Date;
  firedAt: Date;
  /** True when this cycle stands in for ticks missed during sleep or a running cycle. */
  catchUp: boolean;
  /** The night it belongs to: the date the window opened, "YYYY-MM-DD" in the schedule's zone. */
  night: string;
}

export interface CycleContext {
  /** Aborted when the daemon stops: the cycle stops its agent (TERM, then KILL after grace) and returns. */
  signal: AbortSignal;
  /** A child logger carrying the cycle id. */
  logger: Logger;
  /** Unique per cycle; also on every line of `logger`. */
  cycleId: string;
}

export interface CycleResult {
  outcome: string;
  detail?: string;
}

/** The work done at each tick. The daemon takes it injected; the real one is `runner/cycle.ts`. */
export type CycleFn = (tick: CycleTick, ctx: CycleContext) => Promise<CycleResult>;
