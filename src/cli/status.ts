import type { Command } from 'commander';
import { dataDirFor } from '../config/index.js';
import { buildStatusReport, formatStatusReport, lockFilePath, stateDbPath, statusFilePath } from '../runner/index.js';
import { loadRunnerConfigOrExit } from './load-runner-config.js';

/**
 * `overnight status [--config F] [--json]`: is the daemon (or a `once`) running, is the window
 * open, what is next, how did the last cycle end, whoever ran it. Exit 2 without a valid config.
 */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show whether the daemon or a once runs, the window, the next tick, the sleep assertion and the last cycle')
    .option('--config <file>', 'runner config (default: the platform config path)')
    .option('--json', 'print JSON (docs/cli.md)')
    .action(async ({ config: file, json }: { config?: string; json?: boolean }) => {
      const config = await loadRunnerConfigOrExit(file);
      if (!config) return;
      const dataDir = dataDirFor(config);
      const report = buildStatusReport({
        statusFile: statusFilePath(dataDir),
        lockFile: lockFilePath(dataDir),
        stateDb: stateDbPath(dataDir),
        schedule: config.schedule,
      });
      process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatStatusReport(report)}\n`);
    });
}
