import { resolve } from 'node:path';
import type { Command } from 'commander';
import { platformPaths } from '../config/index.js';
import { loadRunnerConfigOrExit } from './load-runner-config.js';

/** `overnight run [--config F]`: the daemon, until SIGINT/SIGTERM (exit 0); 1 when one already runs; 2 on a bad config. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run the daemon: follow the schedule, keep the machine awake while the window is open')
    .option('--config <file>', 'runner config (default: the platform config path)')
    .option('--dry-run', 'follow the schedule and hold the assertion, but only record each tick (no agents, no GitHub)')
    .action(async ({ config, dryRun }: { config?: string; dryRun?: boolean }) => {
      const configFile = resolve(config ?? platformPaths().configFile);
      const loaded = await loadRunnerConfigOrExit(config);
      if (!loaded) return;
      // Loaded on use, so the other commands never pay for the daemon's modules (and vice versa).
      const { runDaemon } = await import('../runner/index.js');
      process.exitCode = await runDaemon({ config: loaded, configFile, mode: dryRun ? 'record' : 'cycle' });
    });
}
