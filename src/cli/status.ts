import type { Command } from 'commander';
import { formatProblems, loadRunnerConfig, dataDirFor, platformPaths, type RunnerConfig } from '../config/index.js';
import { buildStatusReport, formatStatusReport, lockFilePath, stateDbPath, statusFilePath } from '../runner/index.js';

/** `overnight status [--config F] [--json]`: is the daemon running, is the window open, what is next, how did the last cycle end. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show whether the daemon runs, the window, the next tick, the sleep assertion and the last cycle')
    .option('--config <file>', 'runner config (default: the platform config path, when it exists)')
    .option('--json', 'print JSON')
    .action(async ({ config: file, json }: { config?: string; json?: boolean }) => {
      const path = file ?? platformPaths().configFile;
      const loaded = await loadRunnerConfig(path);
      let config: RunnerConfig | undefined;
      if (loaded.ok) {
        config = loaded.config;
      } else if (file !== undefined) {
        process.stderr.write(`${formatProblems(loaded.problems, path)}\n`);
        process.exitCode = 2;
        return;
      }
      // Without a config (none at the default path) the report relies on what the daemon last wrote.
      const dataDir = config ? dataDirFor(config) : platformPaths().dataDir;
      const report = buildStatusReport({ statusFile: statusFilePath(dataDir), lockFile: lockFilePath(dataDir), stateDb: stateDbPath(dataDir), schedule: config?.schedule });
      process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatStatusReport(report)}\n`);
    });
}
