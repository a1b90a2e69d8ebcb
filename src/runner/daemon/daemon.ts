import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { parseDuration, type ScheduleConfig } from '../../config/index.js';
import type { SleepAssertion, SleepDetector, WakeEvent } from '../../keepalive/index.js';
import type { CycleFn, CycleResult, CycleTick, CycleTrigger } from '../cycle/cycle-types.js';
import type { Tick as PlannedTick, Timer } from '../../schedule/index.js';
import { slotsFor, type CycleSlot } from './cycle-slot.js';
import { afterSleep, whileBusy } from './missed-ticks.js';
import { mayStartCycle, type NightBudget, type NightUsage, type StartVerdict } from './may-start.js';
import { createDaemonPlan, type DaemonPlan } from './plan.js';
import type { DaemonState, DaemonStatus, LastCycle, RunningCycle } from './status-file.js';
import { stopCycles } from './stop-cycles.js';

export interface DaemonOptions {
  schedule: ScheduleConfig;
  cycle: CycleFn;
  logger: Logger;
  assertion: SleepAssertion;
  detector: SleepDetector;
  /** One-shot wall-clock timers (`createTimer` from the schedule core); they never keep the process alive. */
  timer: Timer;
  now?: () => Date;
  random?: () => number;
  /** Called with a fresh snapshot after every change (the status file writer). */
  onStatus?: (status: DaemonStatus) => void;
  /** A tick timer firing later than this is treated as missed (the machine slept before the detector noticed). */
  lateMs?: number;
  /** How long stop() waits for an aborted cycle to return before giving up on it. */
  stopTimeoutMs?: number;
  newCycleId?: () => string;
  pid?: number;
  /** Slots (`maxConcurrent`, default 1) and the night's caps every start is checked against. */
  budget?: Partial<NightBudget>;
  /** What the night has used so far (the store); absent in a dry run. */
  usage?: (night: string) => NightUsage;
  /** Between a decision that saw goals waiting and the cycle it starts in a free slot. */
  staggerMs?: number;
}

export interface Daemon {
  start(): Promise<void>;
  /** Aborts every running cycle and waits for them, releases the assertion, records state. Idempotent. */
  stop(reason: string): Promise<void>;
  status(): DaemonStatus;
  /** Resolves once the sleep assertion has caught up with the last change (a running cycle may go on). */
  settled(): Promise<void>;
}

/** A back-to-back or free-slot cycle waiting for its time; it asks `mayStartCycle` again then. */
interface PendingStart {
  at: Date;
  trigger: Extract<CycleTrigger, 'back-to-back' | 'free-slot'>;
  cancel: () => void;
}

/** Two cycles filling slots start at least this far apart, so their GitHub reads do not pile up. */
const DEFAULT_STAGGER_MS = 1_000;

/**
 * The long-running scheduler. It keeps one timer for the next tick and one for the next window
 * boundary, recomputing both from the schedule core after every tick, boundary and wake, so a
 * clock change or a sleep never leaves a stale timer behind. The sleep assertion is wanted while
 * the window is open or a cycle is running, and is reconciled after every change.
 *
 * Up to `maxConcurrent` cycles run at once, one per slot. A tick starts one in a free slot; a
 * cycle whose decision saw more goals waiting starts the next slot's cycle a stagger later; a
 * session that ends while goals wait starts the next cycle after the cooldown (`backToBack`).
 * Every start asks `mayStartCycle`, which also holds the night's caps.
 */
export function createDaemon(options: DaemonOptions): Daemon {
  const { schedule, cycle, logger, assertion, detector, timer } = options;
  const now = options.now ?? (() => new Date());
  const lateMs = options.lateMs ?? 10_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 60_000;
  const newCycleId = options.newCycleId ?? (() => randomUUID().slice(0, 8));
  const random = options.random ?? Math.random;
  const plan: DaemonPlan = createDaemonPlan(schedule, random);
  const budget: NightBudget = { ...options.budget, maxConcurrent: options.budget?.maxConcurrent ?? 1 };
  const { maxConcurrent } = budget;
  const staggerMs = options.staggerMs ?? DEFAULT_STAGGER_MS;
  const cooldownMs = parseDuration(schedule.cooldown) ?? 30_000;

  let state: DaemonState = 'created';
  let startedAt: Date | undefined;
  let cursor = new Date(0);
  let planned: PlannedTick | undefined;
  let timers: Array<() => void> = [];
  const running = new Map<string, CycleSlot>();
  const pendingStarts = new Set<PendingStart>();
  let coalesced: PlannedTick | undefined;
  let lastCycle: LastCycle | undefined;
  let lastWake: { at: string; gapMs: number } | undefined;
  let stopping: Promise<void> | undefined;
  let assertionWork: Promise<void> = Promise.resolve();

  const active = () => state !== 'stopping' && state !== 'stopped';

  function status(): DaemonStatus {
    const window = plan.window(now());
    return {
      pid: options.pid ?? process.pid,
      state,
      startedAt: startedAt?.toISOString(),
      updatedAt: now().toISOString(),
      timezone: schedule.timezone,
      window: window.open
        ? { open: true, night: window.night.date, closesAt: window.night.close.toISOString() }
        : { open: false, opensAt: window.next?.open.toISOString() },
      nextTick: active() ? planned?.at.toISOString() : undefined,
      assertion: { tool: assertion.tool, held: assertion.held },
      running: [...running.values()].map(runningCycle),
      pendingStarts: pendingStarts.size > 0 ? [...pendingStarts].sort((a, b) => a.at.getTime() - b.at.getTime()).map(({ at, trigger }) => ({ at: at.toISOString(), trigger })) : undefined,
      lastCycle,
      lastWake,
    };
  }
  const publish = () => {
    try {
      options.onStatus?.(status());
    } catch (error) {
      // A status file that cannot be written (disk full, permissions) must not stop the schedule.
      logger.warn({ err: error }, 'could not write the daemon status');
    }
  };

  function arm(): void {
    for (const cancel of timers) cancel();
    timers = [];
    if (!active()) return;
    const at = now();
    const next = plan.nextTick(cursor);
    // Re-arming (at a boundary, after a wake) keeps the jitter already drawn for the same tick.
    if (!planned || !next || planned.scheduled.getTime() !== next.scheduled.getTime()) planned = next;
    if (planned) {
      const tick = planned;
      // Jitter longer than the interval can put a tick's time before now: it is due, not late.
      const due = new Date(Math.max(tick.at.getTime(), at.getTime()));
      timers.push(timer.at(due, () => onTick(tick, due)));
    }
    const window = plan.window(at);
    const boundary = window.open ? window.night.close : window.next?.open;
    if (boundary) timers.push(timer.at(boundary, onBoundary));
    if (running.size === 0) state = window.open ? 'open' : 'waiting';
  }

  /** Holds the assertion while the window is open or a cycle runs; releases it otherwise. */
  function reconcileAssertion(): Promise<void> {
    assertionWork = assertionWork.then(async () => {
      const window = plan.window(now());
      if (active() && (window.open || running.size > 0)) {
        const reason = window.open
          ? `overnight window of ${window.night.date} open until ${window.night.close.toISOString()}`
          : 'an overnight cycle is running';
        await assertion.hold(reason);
      } else {
        await assertion.release();
      }
      publish();
    }).catch((error: unknown) => {
      logger.error({ err: error }, 'could not update the sleep assertion');
    });
    return assertionWork;
  }

  function logTick(tick: PlannedTick, action: 'run' | 'skipped', reason?: string): void {
    const fields = { event: 'tick', action, reason, night: tick.night.date, scheduledAt: tick.at.toISOString() };
    logger.info(fields, action === 'run' ? `tick ${tick.at.toISOString()}: run` : `tick ${tick.at.toISOString()}: skipped, ${reason}`);
  }

  function onTick(tick: PlannedTick, due: Date): void {
    if (!active()) return;
    const firedAt = now();
    const late = firedAt.getTime() - due.getTime();
    if (late > lateMs) {
      recoverMissed(`its timer fired ${Math.round(late / 1000)} s late (the machine was asleep)`);
      return;
    }
    cursor = tick.scheduled;
    if (running.size >= maxConcurrent) {
      const { coalesce, reason } = whileBusy(schedule.missed, [...running.keys()]);
      if (coalesce) coalesced = tick;
      logTick(tick, 'skipped', reason);
    } else {
      const verdict = verdictFor('tick', tick.night.date);
      if (verdict.start) {
        logTick(tick, 'run');
        startCycle({ scheduledAt: tick.at, firedAt, catchUp: false, night: tick.night.date, trigger: 'tick' });
      } else {
        logTick(tick, 'skipped', verdict.reason);
      }
    }
    arm();
    publish();
  }

  function verdictFor(trigger: CycleTrigger, night: string | undefined): StartVerdict {
    return mayStartCycle({
      trigger,
      windowOpen: plan.window(now()).open,
      running: [...running.values()],
      budget,
      usage: night !== undefined ? options.usage?.(night) : undefined,
    });
  }

  /** A catch-up for ticks that passed, when a slot and the budget allow. */
  function startCatchUp(tick: PlannedTick, why: string): void {
    const verdict = verdictFor('catch-up', tick.night.date);
    if (!verdict.start) {
      logTick(tick, 'skipped', `no catch-up cycle: ${verdict.reason}`);
      return;
    }
    logger.info({ event: 'catch-up', night: tick.night.date }, why);
    startCycle({ scheduledAt: tick.at, firedAt: now(), catchUp: true, night: tick.night.date, trigger: 'catch-up' });
  }

  /** Queues a back-to-back or free-slot cycle for `at`; it checks the slots and the budget again then. */
  function startLater(trigger: PendingStart['trigger'], at: Date): void {
    const pending: PendingStart = { at, trigger, cancel: () => undefined };
    pending.cancel = timer.at(at, () => {
      pendingStarts.delete(pending);
      if (!active()) return;
      const window = plan.window(now());
      const verdict = verdictFor(trigger, window.open ? window.night.date : undefined);
      if (!verdict.start || !window.open) {
        const reason = verdict.start ? 'the window is closed' : verdict.reason;
        logger.info({ event: 'no-start', trigger, reason }, `no ${trigger} cycle: ${reason}`);
        publish();
        return;
      }
      startCycle({ scheduledAt: at, firedAt: now(), catchUp: false, night: window.night.date, trigger });
    });
    pendingStarts.add(pending);
    logger.info({ event: 'start-later', trigger, at: at.toISOString() }, `${trigger} cycle due at ${at.toISOString()}`);
    publish();
  }

  /** The cooldown plus up to `jitterMs` more, at most the cooldown again: sessions never line up to the second. */
  function cooldownFromNow(): Date {
    const jitter = Math.floor(random() * (Math.min(schedule.jitterMs, cooldownMs) + 1));
    return new Date(now().getTime() + cooldownMs + jitter);
  }

  /** Goals wait beyond the one a cycle just took: fill a free slot now rather than at the next tick. */
  function fillFreeSlot(moreWork: boolean): void {
    if (moreWork && active() && running.size + pendingStarts.size < maxConcurrent) startLater('free-slot', new Date(now().getTime() + staggerMs));
    else publish();
  }

  function onBoundary(): void {
    if (!active()) return;
    const window = plan.window(now());
    logger.info({ event: 'window', open: window.open }, window.open ? `window of ${window.night.date} opened` : 'window closed');
    arm();
    void reconcileAssertion();
  }

  /** After a sleep (or a late timer): the ticks that passed are run once (catch-up) or dropped (skip). */
  function recoverMissed(why: string): void {
    const at = now();
    const missed = plan.missedTicks(cursor, at);
    const last = missed.at(-1);
    const window = plan.window(at);
    if (last) cursor = last.scheduled;
    const { catchUp, reason } = afterSleep(schedule.missed, why, window.open);
    for (const tick of missed) logTick(tick, 'skipped', reason);
    if (last && catchUp) {
      if (running.size >= maxConcurrent) coalesced = last;
      else startCatchUp(last, `catching up ${missed.length} missed tick(s) with one cycle`);
    }
    arm();
    void reconcileAssertion();
  }

  function onWake(event: WakeEvent): void {
    if (!active()) return;
    lastWake = { at: event.at.toISOString(), gapMs: event.gapMs };
    const asleep = `${Math.round(Math.abs(event.gapMs) / 1000)} s`;
    if (event.gapMs < 0) {
      logger.warn({ event: 'clock-jump', gapMs: event.gapMs }, `wall clock moved back by ${asleep}; recomputing the next tick`);
      arm();
      void reconcileAssertion();
      return;
    }
    logger.info({ event: 'wake', gapMs: event.gapMs }, `woke after ${asleep} asleep (or the clock jumped); recomputing the next tick`);
    recoverMissed(`the machine was asleep for ${asleep}`);
  }

  function startCycle(tick: CycleTick): void {
    const id = newCycleId();
    const controller = new AbortController();
    const cycleLogger = logger.child({ cycle: id });
    state = 'running';
    const done = (async () => {
      await reconcileAssertion();
      cycleLogger.info({ event: 'cycle-start', ...serializeTick(tick) }, `${serializeTick(tick).trigger} cycle started`);
      let result: CycleResult;
      try {
        result = await cycle(tick, { signal: controller.signal, logger: cycleLogger, cycleId: id, slots: slotsFor(running, id, fillFreeSlot) });
      } catch (error) {
        result = controller.signal.aborted
          ? { outcome: 'aborted', detail: String(controller.signal.reason) }
          : { outcome: 'error', detail: error instanceof Error ? error.message : String(error) };
      }
      lastCycle = { id, ...serializeTick(tick), finishedAt: now().toISOString(), outcome: result.outcome, detail: result.detail };
      cycleLogger.info({ event: 'cycle-end', outcome: result.outcome, detail: result.detail, moreWork: result.moreWork }, `cycle ${result.outcome}`);
      running.delete(id);
      afterCycle(result);
    })();
    running.set(id, { id, tick, controller, done });
    publish();
  }

  /**
   * A slot is free: ticks coalesced while every slot was busy run now as one catch-up cycle;
   * otherwise a session that ended while goals wait is followed by the next cycle after the
   * cooldown. Skipped and idle cycles never are (their `moreWork` is false): the next tick comes.
   */
  function afterCycle(result: CycleResult): void {
    if (!active()) return;
    const pending = coalesced;
    coalesced = undefined;
    const window = plan.window(now());
    if (pending && window.open) {
      startCatchUp(pending, 'running one catch-up cycle for the ticks that passed while every slot was busy');
    } else if (pending) {
      logTick(pending, 'skipped', 'the window closed while a cycle was running; nothing to catch up');
    } else if (result.moreWork && schedule.backToBack && window.open) {
      startLater('back-to-back', cooldownFromNow());
    }
    arm();
    void reconcileAssertion();
  }

  return {
    status,
    async start() {
      if (state !== 'created') throw new Error(`the daemon was already started (state: ${state})`);
      startedAt = now();
      // Ticks scheduled at the start instant still count; earlier ones are not missed ticks.
      cursor = new Date(startedAt.getTime() - 1);
      detector.on('wake', onWake);
      detector.start();
      arm();
      logger.info({ event: 'start', nextTick: planned?.at.toISOString(), missed: schedule.missed }, 'daemon started');
      await reconcileAssertion();
    },
    stop(reason) {
      stopping ??= (async () => {
        state = 'stopping';
        detector.stop();
        detector.off('wake', onWake);
        arm();
        for (const pending of pendingStarts) pending.cancel();
        pendingStarts.clear();
        await stopCycles([...running.values()], reason, { logger, timeoutMs: stopTimeoutMs });
        await reconcileAssertion();
        state = 'stopped';
        planned = undefined;
        logger.info({ event: 'stopped', reason }, `daemon stopped (${reason})`);
        publish();
      })();
      return stopping;
    },
    async settled() {
      for (let seen; seen !== assertionWork; ) {
        seen = assertionWork;
        await seen;
      }
    },
  };
}

function serializeTick(tick: CycleTick) {
  const trigger = tick.trigger ?? (tick.catchUp ? 'catch-up' : 'tick');
  return { night: tick.night, scheduledAt: tick.scheduledAt.toISOString(), firedAt: tick.firedAt.toISOString(), catchUp: tick.catchUp, trigger };
}

function runningCycle({ id, tick, goal, session }: CycleSlot): RunningCycle {
  return { id, ...serializeTick(tick), ...(goal !== undefined ? { goal } : {}), ...(session !== undefined ? { session } : {}) };
}
