import type { Command } from 'commander';
import { platformPaths, systemTimeZone } from '../config/index.js';
import type { ServicePlan } from '../runner/index.js';
import { loadRunnerConfigOrExit } from './load-runner-config.js';
import { packageVersion } from './package-version.js';

/**
 * `overnight install [--config F] [--print]`: a launchd agent (macOS) or systemd user unit (Linux)
 * running `overnight run`. Exit 2, changing nothing, when the service could not work: the CLI runs
 * from a temporary place, or the service would not find the GitHub token.
 */
export function registerInstall(program: Command): void {
  program
    .command('install')
    .description('install and load the daemon as a login agent (launchd on macOS, a systemd user unit on Linux)')
    .option('--config <file>', 'runner config the daemon runs with (default: the platform config path)')
    .option('--print', 'only print the file and commands; change nothing')
    .action(async ({ config, print }: { config?: string; print?: boolean }) => {
      const file = config ?? platformPaths().configFile;
      const loaded = await loadRunnerConfigOrExit(file);
      if (!loaded) return;
      const { prepareInstall } = await import('../setup/index.js');
      const { installService, pmsetWakeCommand } = await import('../runner/index.js');
      const ready = await prepareInstall(loaded, file, { version: packageVersion() });
      if (!ready.ok) {
        process.stderr.write(`overnight install: ${ready.problem}\n  fix: ${ready.fix}\n`);
        process.exitCode = 2;
        return;
      }
      for (const warning of ready.warnings) process.stderr.write(`warning: ${warning}\n`);
      const { plan } = ready;
      if (print) {
        process.stdout.write(`# ${plan.file}\n${plan.contents}\n# then:\n${commands(plan.load)}\n`);
      } else {
        await installService(plan);
        process.stdout.write(`wrote ${plan.file} and loaded it (${plan.manager})\n`);
      }
      process.stdout.write(
        [
          `the service runs ${plan.binPath} with ${plan.nodePath}, and reads the GitHub token from ${ready.tokenSource}`,
          `its log: ${plan.logDir}/current.log (\`overnight status\` says whether it runs); what it prints before that log opens goes to ${plan.logDir}/service.err.log`,
          '',
        ].join('\n'),
      );
      if (plan.manager === 'launchd') {
        const wake = pmsetWakeCommand(loaded.schedule, { systemTimeZone: systemTimeZone() });
        if (wake) process.stdout.write(`\nTo have the Mac wake a few minutes before the window, run once (overnight never runs it):\n  ${wake}\n`);
      } else {
        process.stdout.write('\nUser units stop at logout unless lingering is on; to keep the runner going, run once:\n  loginctl enable-linger "$USER"\n');
      }
    });
}

/** `overnight uninstall`: stops and removes the login agent. */
export function registerUninstall(program: Command): void {
  program
    .command('uninstall')
    .description('stop and remove the login agent installed by `overnight install`')
    .action(async () => {
      const { planService, uninstallService } = await import('../runner/index.js');
      // The config path only ends up in the file's arguments, which are not needed to remove it.
      const plan = planService(platformPaths().configFile);
      await uninstallService(plan);
      process.stdout.write(`stopped and removed ${plan.file}\n`);
    });
}

function commands(list: ServicePlan['load']): string {
  return list.map(({ argv }) => `  ${argv.join(' ')}`).join('\n');
}
