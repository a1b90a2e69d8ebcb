import type { Command } from 'commander';
import { pino } from 'pino';
import { runChecks } from '../constraints/index.js';
import { localDateOf } from '../schedule/night.js';
import { isWithinWindow } from '../schedule/window.js';
import { dryRun, formatDryRun } from '../runner/dry-run.js';
import { acquirePidLock, LockHeldError } from '../runner/lock.js';
import { openRunner } from '../runner/open-runner.js';
import { lockFilePath } from '../runner/status.js';
import { loadRunnerConfigOrExit } from './load-runner-config.js';

interface OnceFlags {
  config?: string;
  goal?: string;
  agent?: string;
  ignoreWindow?: boolean;
  ignoreConstraints?: boolean;
  dryRun?: boolean;
}

/** Outcomes after which `once` exits 1: the session did not produce work. */
const FAILED_OUTCOMES = new Set(['failed', 'timeout', 'abandoned', 'error']);

/** `overnight once`: one cycle now. Exit 0 when it ran (or was skipped), 1 when the session failed, 2 on a bad config. */
export function registerOnce(program: Command): void {
  program
    .command('once')
    .description('run one cycle now: gate, analyze, decide, execute, verify, publish')
    .option('--config <file>', 'runner config (default: the platform config path)')
    .option('--goal <n>', 'work on this goal: an issue number or config:<n>')
    .option('--agent <name>', 'use this agent')
    .option('--ignore-window', 'run outside the schedule window')
    .option('--ignore-constraints', 'run whatever the power, network, CPU, idle and disk checks say')
    .option('--dry-run', 'print the gate, the decision and the agent argv; change nothing')
    .action(async (flags: OnceFlags) => {
      try {
        await once(flags);
      } catch (error) {
        // A missing token, an unreachable repo path: say what, not where in the code.
        process.stderr.write(`overnight once: ${(error as Error).message}\n`);
        process.exitCode = 1;
      }
    });
}

async function once(flags: OnceFlags): Promise<void> {
  const config = await loadRunnerConfigOrExit(flags.config);
  if (!config) return;
  const now = new Date();
  const night = isWithinWindow(config.schedule, now)?.date ?? localDateOf(now, config.schedule.timezone).toString();
  const switches = { ignoreWindow: flags.ignoreWindow, ignoreConstraints: flags.ignoreConstraints, goal: flags.goal, agent: flags.agent };

  if (flags.dryRun) {
    const runner = await openRunner(config, { readonly: true });
    try {
      const run = await dryRun({
        config,
        github: runner.github,
        runChecks,
        dataDir: runner.dataDir,
        history: runner.store.goalHistory(night),
        sessionsTonight: runner.store.sessionsOfNight(night).length,
        now,
        ...switches,
      });
      process.stdout.write(formatDryRun(run));
    } finally {
      runner.close();
    }
    return;
  }

  const logger = pino({ level: 'info' }, process.stderr);
  const runner = await openRunner(config, { logger });
  let lock;
  try {
    lock = acquirePidLock(lockFilePath(runner.dataDir));
  } catch (error) {
    runner.close();
    if (!(error instanceof LockHeldError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
    return;
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  // `on`, not `once`: execa's signal-exit re-raises a signal that has no other listener left.
  process.on('SIGINT', stop).on('SIGTERM', stop);
  try {
    await runner.recover();
    const cycle = runner.cycle(Object.fromEntries(Object.entries(switches).filter(([, value]) => value !== undefined)));
    const result = await cycle({ scheduledAt: now, firedAt: now, catchUp: false, night }, { signal: controller.signal, logger, cycleId: 'once' });
    process.stdout.write(`${result.outcome}${result.detail ? `: ${result.detail}` : ''}\n`);
    process.exitCode = FAILED_OUTCOMES.has(result.outcome) ? 1 : 0;
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    lock.release();
    runner.close();
  }
}
