import { Option, type Command } from 'commander';
import { formatChecksReport, runChecks } from '../constraints/index.js';
import { loadRunnerConfigOrExit } from './load-runner-config.js';

interface CheckOptions {
  config?: string;
  platform?: 'darwin' | 'linux';
  json?: boolean;
}

/**
 * `overnight check [--config F] [--platform darwin|linux] [--json]`: runs the constraint checks
 * now. Exit 0 when every required check passes, 1 otherwise, 2 for a bad config.
 */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('check the constraints now (power, network, CPU, idle, disk); exit 1 if a required one fails')
    .option('--config <file>', 'runner config whose constraints are required (default: none required, all reported)')
    .addOption(new Option('--platform <platform>', "which platform's probes to run (default: this machine's)").choices(['darwin', 'linux']))
    .option('--json', 'print the report as JSON')
    .action(async (options: CheckOptions) => {
      let constraints;
      let repoPath: string | undefined;
      if (options.config !== undefined) {
        const loaded = await loadRunnerConfigOrExit(options.config);
        if (!loaded) return;
        constraints = loaded.constraints;
        repoPath = loaded.repo.path;
      }
      const deps = options.platform === undefined ? {} : { platform: options.platform };
      const report = await runChecks(constraints, deps, repoPath === undefined ? {} : { repoPath });
      process.stdout.write(`${options.json ? JSON.stringify(report, null, 2) : formatChecksReport(report)}\n`);
      process.exitCode = report.ok ? 0 : 1;
    });
}
