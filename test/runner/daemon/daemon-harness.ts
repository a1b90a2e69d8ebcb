import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScheduleConfig } from '../../../src/config/runner-config.js';
import { createSleepAssertion } from '../../../src/keepalive/assertion.js';
import type { SleepDetector, WakeEvent } from '../../../src/keepalive/sleep-detector.js';
import type { CycleContext, CycleResult, CycleTick } from '../../../src/runner/cycle/cycle-types.js';
import { createDaemon, type Daemon, type DaemonOptions } from '../../../src/runner/daemon/daemon.js';
import type { DaemonStatus } from '../../../src/runner/daemon/status-file.js';
import type { Timer } from '../../../src/schedule/timer.js';
import { keepaliveEvents, memoryLogger, standInEnv } from '../../keepalive/helpers.js';

/**
 * A wall clock the test moves by hand. Timers fire in order as `advanceTo` passes them;
 * `sleep` moves the wall clock without firing anything, as a suspended machine does, so
 * their timers are late when the test next advances.
 */
export class ManualClock {
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 0;
  constructor(public ms: number) {}

  now = () => new Date(this.ms);

  timer: Timer = {
    at: (date, fn) => {
      const id = this.nextId++;
      this.timers.push({ at: date.getTime(), fn, id });
      return () => {
        this.timers = this.timers.filter((timer) => timer.id !== id);
      };
    },
  };

  async advanceTo(iso: string, settle: () => Promise<void>): Promise<void> {
    const target = Date.parse(iso);
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer.id !== due.id);
      this.ms = Math.max(this.ms, due.at);
      due.fn();
      await settle();
    }
    this.ms = Math.max(this.ms, target);
  }

  /** The machine sleeps: wall time passes, no timer runs. */
  sleep(untilIso: string): void {
    this.ms = Date.parse(untilIso);
  }
}

/** A cycle the test controls: each call waits until released (or aborted). */
export class ControlledCycle {
  calls: Array<{ tick: CycleTick; ctx: CycleContext; finish: (result: CycleResult) => void }> = [];
  autoFinish: CycleResult | undefined;
  fn = (tick: CycleTick, ctx: CycleContext): Promise<CycleResult> =>
    new Promise((resolve) => {
      if (this.autoFinish) return resolve(this.autoFinish);
      this.calls.push({ tick, ctx, finish: resolve });
      ctx.signal.addEventListener('abort', () => resolve({ outcome: 'aborted', detail: 'stopped by the daemon' }));
    });
  finishAll(result: CycleResult = { outcome: 'complete' }): void {
    for (const call of this.calls.splice(0)) call.finish(result);
  }
}

export class FakeDetector extends EventEmitter implements SleepDetector {
  running = false;
  start(): void {
    this.running = true;
  }
  stop(): void {
    this.running = false;
  }
  wake(event: WakeEvent): void {
    this.emit('wake', event);
  }
}

export const baseSchedule = (overrides: Partial<ScheduleConfig> = {}): ScheduleConfig => ({
  timezone: 'UTC',
  window: { start: '01:00', end: '02:00' },
  every: '30m',
  jitterMs: 0,
  missed: 'catch-up',
  backToBack: true,
  cooldown: '30s',
  ...overrides,
});

export interface Harness {
  daemon: Daemon;
  clock: ManualClock;
  detector: FakeDetector;
  keepaliveLog: string;
  statuses: DaemonStatus[];
  lines: () => Array<Record<string, unknown>>;
  tickLines: () => Array<{ action: string; scheduledAt: string; reason?: string }>;
  advanceTo(iso: string): Promise<void>;
  /** What the stand-in caffeinate recorded: "start"/"end" in order. */
  assertionEvents(): string[];
}

/** A daemon on a manual clock with a real sleep assertion running the stand-in caffeinate. */
export interface HarnessOptions {
  startAt: string;
  schedule?: ScheduleConfig;
  cycle: (tick: CycleTick, ctx: CycleContext) => Promise<CycleResult>;
  random?: () => number;
  budget?: DaemonOptions['budget'];
  usage?: DaemonOptions['usage'];
}

export function daemonHarness(options: HarnessOptions): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'overnight-daemon-'));
  const keepaliveLog = join(dir, 'keepalive.log');
  const clock = new ManualClock(Date.parse(options.startAt));
  const detector = new FakeDetector();
  const { logger, lines } = memoryLogger();
  const statuses: DaemonStatus[] = [];
  let counter = 0;
  const daemon = createDaemon({
    schedule: options.schedule ?? baseSchedule(),
    cycle: options.cycle,
    logger,
    assertion: createSleepAssertion({ platform: 'darwin', env: standInEnv(keepaliveLog), logger }),
    detector,
    timer: clock.timer,
    now: clock.now,
    ...(options.random ? { random: options.random } : {}),
    ...(options.budget ? { budget: options.budget } : {}),
    ...(options.usage ? { usage: options.usage } : {}),
    onStatus: (status) => statuses.push(status),
    newCycleId: () => `c${++counter}`,
    stopTimeoutMs: 2_000,
  });
  const settle = async () => {
    // Let cycle promises and the assertion's child-process work run to a rest.
    for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
    await daemon.settled();
  };
  return {
    daemon,
    clock,
    detector,
    keepaliveLog,
    statuses,
    lines,
    tickLines: () => lines().filter((line) => line.event === 'tick') as never,
    advanceTo: (iso) => clock.advanceTo(iso, settle),
    assertionEvents: () => keepaliveEvents(keepaliveLog).map((event) => event.what),
  };
}
