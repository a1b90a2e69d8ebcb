import type { CycleContext, CycleResult, CycleTick } from '../../../src/runner/cycle/cycle-types.js';

export interface QueueCall {
  tick: CycleTick;
  ctx: CycleContext;
  /** The goal this cycle took; undefined for an idle cycle. */
  goal?: string;
  /** Ends the session (its goal leaves the queue) with `outcome`. */
  finish(outcome?: string): void;
}

/**
 * A cycle the test drives that decides as the real one does, over a queue of goal keys: it
 * leaves out the goals other slots hold, takes the first ready one through `ctx.slots.hold`,
 * reports whether others were ready (`moreWork`), and works until the test finishes it. With
 * nothing ready it returns `idle` at once.
 */
export class GoalQueueCycle {
  calls: QueueCall[] = [];
  /** Goals in the order sessions took them: a goal appearing twice was worked on twice. */
  taken: string[] = [];
  /** Cycles that found another slot held the goal they chose. */
  refused = 0;
  constructor(public waiting: string[]) {}

  fn = (tick: CycleTick, ctx: CycleContext): Promise<CycleResult> =>
    new Promise((resolve) => {
      const held = ctx.slots?.held() ?? new Set<string>();
      const ready = this.waiting.filter((goal) => !held.has(goal));
      const goal = ready[0];
      if (goal === undefined) {
        this.calls.push({ tick, ctx, finish: () => undefined });
        resolve({ outcome: 'idle', detail: 'nothing to do', moreWork: false });
        return;
      }
      const moreWork = ready.length > 1;
      if (ctx.slots && !ctx.slots.hold({ goal, session: `s-${goal}`, moreWork })) {
        this.refused += 1;
        resolve({ outcome: 'skipped', moreWork: false });
        return;
      }
      this.taken.push(goal);
      this.calls.push({
        tick,
        ctx,
        goal,
        finish: (outcome = 'pr-open') => {
          this.waiting = this.waiting.filter((other) => other !== goal);
          resolve({ outcome, moreWork });
        },
      });
      ctx.signal.addEventListener('abort', () => resolve({ outcome: 'abandoned', detail: 'stopped by the daemon', moreWork }));
    });

  /** The call working on `goal`. */
  on(goal: string): QueueCall {
    const call = this.calls.find((candidate) => candidate.goal === goal);
    if (!call) throw new Error(`no cycle took ${goal}; taken: ${this.taken.join(', ') || 'none'}`);
    return call;
  }
}
