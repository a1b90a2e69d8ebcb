import type { Logger } from 'pino';
import type { RunnerConfig } from '../config/index.js';
import { runChecks } from '../constraints/index.js';
import { onStopSignals } from '../platform/index.js';
import { localDateOf, isWithinWindow } from '../schedule/index.js';
import type { CycleResult } from './cycle/cycle-types.js';
import { dryRun, type DryRun } from './cycle/dry-run.js';
import { acquirePidLock, lockFilePath, LockHeldError } from './daemon/lock.js';
import { openRunner } from './open-runner.js';
import { createContainment } from './sandbox/containment.js';

export interface OnceSwitches {
  goal?: string | undefined;
  agent?: string | undefined;
  ignoreWindow?: boolean | undefined;
  ignoreConstraints?: boolean | undefined;
}

export interface RunOnceOptions extends OnceSwitches {
  config: RunnerConfig;
  /** Where `config` was read from: agents never read it. */
  configFile?: string;
  logger: Logger;
  now?: Date;
  env?: NodeJS.ProcessEnv;
}

export type OnceOutcome =
  | { kind: 'ran'; result: CycleResult }
  /** Another runner (a daemon or another `once`) holds the state dir's lock. */
  | { kind: 'locked'; message: string };

/** Outcomes after which `once` failed: the session did not produce work. */
export const FAILED_OUTCOMES: ReadonlySet<string> = new Set(['failed', 'timeout', 'abandoned', 'error']);

/** The night a cycle started now belongs to: the open window's, else today's in the schedule's zone. */
function nightOf(config: RunnerConfig, now: Date): string {
  return isWithinWindow(config.schedule, now)?.date ?? localDateOf(now, config.schedule.timezone).toString();
}

/**
 * `overnight once`: one cycle now, as the daemon would run it at a tick. Takes the state dir's lock
 * (so it never runs beside the daemon), recovers what a crash left behind first, and stops the
 * agent cleanly on SIGINT/SIGTERM.
 */
export async function runOnce({ config, configFile, logger, now = new Date(), env = process.env, ...switches }: RunOnceOptions): Promise<OnceOutcome> {
  const runner = await openRunner(config, { env, logger, ...(configFile ? { configFile } : {}) });
  let lock;
  try {
    lock = acquirePidLock(lockFilePath(runner.dataDir));
  } catch (error) {
    runner.close();
    if (!(error instanceof LockHeldError)) throw error;
    return { kind: 'locked', message: error.message };
  }
  const controller = new AbortController();
  const offSignals = onStopSignals(() => controller.abort());
  try {
    await runner.recover();
    const defined = Object.fromEntries(Object.entries(switches).filter(([, value]) => value !== undefined));
    const cycle = runner.cycle(defined);
    const tick = { scheduledAt: now, firedAt: now, catchUp: false, night: nightOf(config, now) };
    return { kind: 'ran', result: await cycle(tick, { signal: controller.signal, logger, cycleId: 'once' }) };
  } finally {
    offSignals();
    lock.release();
    runner.close();
  }
}

/** `overnight once --dry-run`: the gate, the decision and the agent argv, reading the state without writing it. */
export async function dryRunOnce({ config, now = new Date(), env = process.env, ...switches }: Omit<RunOnceOptions, 'logger' | 'configFile'>): Promise<DryRun> {
  const runner = await openRunner(config, { env, readonly: true });
  try {
    const night = nightOf(config, now);
    return await dryRun({
      config,
      github: runner.github,
      runChecks,
      dataDir: runner.dataDir,
      history: runner.store.goalHistory(night),
      sessionsTonight: runner.store.sessionsOfNight(night).length,
      now,
      sandbox: () => createContainment({ config: config.sandbox, dataDir: runner.dataDir }).status(),
      ...switches,
    });
  } finally {
    runner.close();
  }
}
