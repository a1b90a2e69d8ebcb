import type { Command } from 'commander';
import { resolve } from 'node:path';
import { pino } from 'pino';
import { platformPaths } from '../config/index.js';
import { dryRunOnce, FAILED_OUTCOMES, formatDryRun, runOnce } from '../runner/index.js';
import { loadRunnerConfigOrExit } from './load-runner-config.js';

interface OnceFlags {
  config?: string;
  goal?: string;
  agent?: string;
  ignoreWindow?: boolean;
  ignoreConstraints?: boolean;
  dryRun?: boolean;
}

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

async function once({ config: file, dryRun, ...switches }: OnceFlags): Promise<void> {
  const configFile = resolve(file ?? platformPaths().configFile);
  const config = await loadRunnerConfigOrExit(file);
  if (!config) return;
  if (dryRun) {
    process.stdout.write(formatDryRun(await dryRunOnce({ config, ...switches })));
    return;
  }
  const outcome = await runOnce({ config, configFile, logger: pino({ level: 'info' }, process.stderr), ...switches });
  if (outcome.kind === 'locked') {
    process.stderr.write(`${outcome.message}\n`);
    process.exitCode = 1;
    return;
  }
  const { result } = outcome;
  process.stdout.write(`${result.outcome}${result.detail ? `: ${result.detail}` : ''}\n`);
  process.exitCode = FAILED_OUTCOMES.has(result.outcome) ? 1 : 0;
}
