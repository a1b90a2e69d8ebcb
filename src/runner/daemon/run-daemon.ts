import { join } from 'node:path';
import { dataDirFor, logDirFor, type RunnerConfig } from '../../config/index.js';
import { createSleepAssertion, createSleepDetector } from '../../keepalive/index.js';
import { onStopSignals } from '../../platform/index.js';
import { createTimer } from '../../schedule/index.js';
import type { CycleFn } from '../cycle/cycle-types.js';
import { createDaemon } from './daemon.js';
import { acquirePidLock, lockFilePath, LockHeldError } from './lock.js';
import { createRunnerLogger } from './logger.js';
import { createRecordTickCycle } from './record-ticks.js';
import { openRunner, type Runner } from '../open-runner.js';
import { statusFilePath, writeStatusFile } from './status-file.js';
import type { NightUsage } from './may-start.js';

export interface RunDaemonOptions {
  config: RunnerConfig;
  /** Where `config` was read from: agents never read it. */
  configFile?: string;
  /**
   * The work done at each tick: `"cycle"` (default) recovers what a crash left behind and then
   * runs the real cycle; `"record"` (`overnight run --dry-run`) only records each tick in
   * `<dataDir>/ticks.jsonl`, to try a schedule on a machine before handing it real work.
   */
  mode?: 'cycle' | 'record';
  /** Overrides `mode` (tests). */
  cycle?: CycleFn;
  env?: NodeJS.ProcessEnv;
  /** Receives SIGINT/SIGTERM. */
  proc?: Pick<NodeJS.Process, 'once' | 'off' | 'on'>;
  stderr?: NodeJS.WritableStream;
}

/**
 * `overnight run` without the CLI: takes the state dir's lock, starts the daemon and resolves
 * with the exit code once a signal has stopped it (0), or at once when another runner holds the
 * lock (1).
 */
export async function runDaemon({ config, configFile, mode = 'cycle', cycle, env = process.env, proc = process, stderr = process.stderr }: RunDaemonOptions): Promise<number> {
  const dataDir = dataDirFor(config, { env });
  let lock;
  try {
    lock = acquirePidLock(lockFilePath(dataDir));
  } catch (error) {
    if (!(error instanceof LockHeldError)) throw error;
    stderr.write(`${error.message}\n`);
    return 1;
  }
  const logDir = logDirFor(config, { env });
  const { logger, close } = await createRunnerLogger({ logDir });
  if (lock.tookOver) {
    const { owner, reason } = lock.tookOver;
    logger.warn({ lock: lock.path, previous: owner }, `took over a stale lock (${reason})`);
  }
  // The daemon's timers are unref'd by design; this one handle is what keeps `run` alive.
  const keepAlive = setInterval(() => undefined, 2 ** 30);
  let runner: Runner | undefined;
  try {
    if (!cycle && mode === 'cycle') {
      try {
        runner = await openRunner(config, { env, logger, ...(configFile ? { configFile } : {}) });
      } catch (error) {
        // Under launchd or systemd the thrown message lands in service.err.log; current.log is
        // the file people read, so the reason goes there too.
        logger.error({ err: error }, `the runner could not start: ${(error as Error).message}`);
        throw error;
      }
      // A missing clone or remote must not keep the service from starting (it would be restarted
      // every 30 s forever): each cycle records the problem, and `status` shows it.
      const ready = await runner.preflight();
      if (!ready.ok) logger.warn({ problems: ready.problems }, `not ready for a session: ${ready.problems.join('; ')}`);
      const recovery = await runner.recover().catch((error: unknown) => {
        if (ready.ok) throw error;
        return undefined;
      });
      if (recovery) logger.info({ recovery }, 'recovered the state left by the last run');
    }
    const daemon = createDaemon({
      schedule: config.schedule,
      cycle: cycle ?? runner?.cycle() ?? createRecordTickCycle({ file: join(dataDir, 'ticks.jsonl') }),
      logger,
      assertion: createSleepAssertion({ env, logger }),
      detector: createSleepDetector(),
      timer: createTimer(),
      onStatus: (status) => writeStatusFile(statusFilePath(dataDir), status),
      budget: config.budget,
      ...(runner ? { usage: nightUsageOf(runner) } : {}),
    });
    let markStopped: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (markStopped = resolve));
    // stop() is idempotent, so a second signal during the stop changes nothing.
    const offSignals = onStopSignals((signal) => {
      logger.info({ signal }, `received ${signal}`);
      void daemon.stop(signal).then(markStopped);
    }, proc);
    try {
      await daemon.start();
      logger.info({ dataDir, logDir, lock: lock.path }, 'overnight runner is running; SIGINT or SIGTERM stops it');
      await stopped;
      return 0;
    } catch (error) {
      logger.error({ err: error }, 'the daemon failed to start');
      await daemon.stop('failed to start');
      throw error;
    } finally {
      offSignals();
    }
  } finally {
    if (runner) {
      // A clean stop leaves one self-contained state.db: the write-ahead log copied in and truncated.
      try {
        const complete = runner.store.checkpoint();
        logger.info({ complete }, complete ? 'state database checkpointed' : 'state database checkpoint incomplete: a reader holds the log');
      } catch (error) {
        logger.warn({ err: error }, 'state database checkpoint failed; SQLite replays the log at the next start');
      }
      runner.close();
    }
    clearInterval(keepAlive);
    lock.release();
    await close();
  }
}

/** The night's sessions as the store records them, for the caps every cycle start is checked against. */
function nightUsageOf(runner: Runner): (night: string) => NightUsage {
  return (night) => ({ sessionIds: runner.store.sessionsOfNight(night).map((session) => session.id) });
}
