import type { Logger } from 'pino';
import { dataDirFor, type RunnerConfig } from '../config/index.js';
import { runChecks } from '../constraints/index.js';
import { onStopSignals } from '../platform/index.js';
import { localDateOf, isWithinWindow } from '../schedule/index.js';
import type { CycleProgress } from './cycle/cycle-progress.js';
import { dryRun, type DryRun } from './cycle/dry-run.js';
import { acquirePidLock, lockFilePath, LockHeldError } from './daemon/lock.js';
import { explainGithubError } from './github/explain-github-error.js';
import { tokenSourceOf } from './github/token/token-source.js';
import { openRunner } from './open-runner.js';
import { onceFailure, onceResult, type OnceResult } from './report/once-result.js';
import { openReadonlyRunner } from './open-readonly-runner.js';
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
  /** The session it starts, the agent's output lines, verification: for a live view. */
  onProgress?: (event: CycleProgress) => void;
}

/** The night a cycle started now belongs to: the open window's, else today's in the schedule's zone. */
function nightOf(config: RunnerConfig, now: Date): string {
  return isWithinWindow(config.schedule, now)?.date ?? localDateOf(now, config.schedule.timezone).toString();
}

/** One line for any failure, naming the config field to change when GitHub is the one refusing. */
function explainer(config: RunnerConfig, env: NodeJS.ProcessEnv) {
  // Read before the token is: resolving it may take the variables out of the environment.
  const tokenSource = tokenSourceOf(config.github.token, env);
  return (error: unknown) =>
    explainGithubError(error, { apiUrl: config.github.apiUrl, repo: config.repo.github, timeZone: config.schedule.timezone, tokenSource });
}

/**
 * `overnight once`: one cycle now, as the daemon would run it at a tick. Takes the state dir's lock
 * (so it never runs beside the daemon), checks the machine (agent, workspace root, clone, remote),
 * recovers what a crash left behind when it can, and stops the agent cleanly on SIGINT/SIGTERM.
 * Never throws for what can go wrong out there: the result says it, in one line.
 */
export async function runOnce({ config, configFile, logger, now = new Date(), env = process.env, onProgress, ...switches }: RunOnceOptions): Promise<OnceResult> {
  const explain = explainer(config, env);
  // The lock first: only its holder may open the state for writing (and move a corrupt one aside).
  let lock;
  try {
    lock = acquirePidLock(lockFilePath(dataDirFor(config, { env })));
  } catch (error) {
    if (error instanceof LockHeldError) return onceFailure('locked', error.message);
    return onceFailure('error', explain(error));
  }
  if (lock.tookOver) logger.warn({ lock: lock.path, previous: lock.tookOver.owner }, `took over a stale lock (${lock.tookOver.reason})`);
  let runner;
  try {
    runner = await openRunner(config, { env, logger, ...(configFile ? { configFile } : {}) });
  } catch (error) {
    lock.release();
    return onceFailure('error', explain(error));
  }
  const controller = new AbortController();
  const offSignals = onStopSignals(() => controller.abort());
  try {
    const ready = await runner.preflight(switches.agent);
    // Recovery abandons what a crash left running and pushes what was committed. Without the
    // clone or its remote it cannot run, and the preflight already named why: the cycle records it.
    await runner.recover().catch((error: unknown) => {
      if (ready.ok) throw error;
    });
    let sessionId: string | undefined;
    const defined = Object.fromEntries(Object.entries(switches).filter(([, value]) => value !== undefined));
    const cycle = runner.cycle({
      ...defined,
      preflight: async () => ready,
      machineNote: 'clear-only',
      onProgress: (event) => {
        if (event.kind === 'session') sessionId = event.session.id;
        onProgress?.(event);
      },
    });
    const night = nightOf(config, now);
    const tick = { scheduledAt: now, firedAt: now, catchUp: false, night };
    const result = await cycle(tick, { signal: controller.signal, logger, cycleId: 'once' });
    // The lock is ours: the night's last cycle is the one that just ran.
    const cycleId = runner.store.cyclesOfNight(night).at(-1)?.id;
    return onceResult(result, cycleId, sessionId === undefined ? undefined : runner.store.getSession(sessionId), config);
  } catch (error) {
    return onceFailure('error', explain(error));
  } finally {
    offSignals();
    lock.release();
    runner.close();
  }
}

/**
 * `overnight once --dry-run`: the preflight, the gate, the decision and the agent argv, reading
 * the state without writing it. Without a token or a reachable GitHub it still shows the
 * machine's side (preflight, window, constraints), GitHub's facts marked unknown with the reason.
 */
export async function dryRunOnce({ config, now = new Date(), env = process.env, ...switches }: Omit<RunOnceOptions, 'logger' | 'onProgress' | 'configFile'>): Promise<DryRun> {
  const explain = explainer(config, env);
  const runner = await openReadonlyRunner(config, { env });
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
      preflight: () => runner.preflight(switches.agent),
      explain,
      sandbox: () => createContainment({ config: config.sandbox, dataDir: runner.dataDir }).status(),
      ...switches,
    });
  } finally {
    runner.close();
  }
}
