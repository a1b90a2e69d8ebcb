import type { Command } from 'commander';
import { formatProblems } from '../config/config-problem.js';
import { loadRunnerConfig } from '../config/load-config.js';
import { platformPaths } from '../config/paths.js';

/** `overnight run [--config F]`: the daemon, until SIGINT/SIGTERM (exit 0); 1 when one already runs; 2 on a bad config. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run the daemon: follow the schedule, keep the machine awake while the window is open')
    .option('--config <file>', 'runner config (default: the platform config path)')
    .option('--dry-run', 'follow the schedule and hold the assertion, but only record each tick (no agents, no GitHub)')
    .action(async ({ config, dryRun }: { config?: string; dryRun?: boolean }) => {
      const file = config ?? platformPaths().configFile;
      const loaded = await loadRunnerConfig(file);
      if (!loaded.ok) {
        process.stderr.write(`${formatProblems(loaded.problems, file)}\n`);
        process.exitCode = 2;
        return;
      }
      // Loaded on use, so the other commands never pay for the daemon's modules (and vice versa).
      const { runDaemon } = await import('../runner/daemon-run.js');
      process.exitCode = await runDaemon({ config: loaded.config, mode: dryRun ? 'record' : 'cycle' });
    });
}
