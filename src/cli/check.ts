import { performance } from 'node:perf_hooks';
import { Option, type Command } from 'commander';
import { formatChecksReport, type ReportedCheck } from '../constraints/index.js';
import { runChecks } from '../constraints/index.js';
import { detectSandbox, sandboxCheck, type SandboxStatus } from '../runner/index.js';
import { loadRunnerConfigOrExit } from './load-runner-config.js';

interface CheckOptions {
  config?: string;
  platform?: 'darwin' | 'linux';
  json?: boolean;
}

/**
 * `overnight check [--config F] [--platform darwin|linux] [--json]`: runs the constraint checks
 * now, and the sandbox's (required unless the config says `sandbox.mode: "off"`; always this
 * machine's, whatever --platform says). Exit 0 when every required check passes, 1 otherwise, 2
 * for a bad config.
 */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('check the constraints (power, network, CPU, idle, disk) and the agent sandbox now; exit 1 if a required one fails')
    .option('--config <file>', 'runner config whose constraints are required (default: none required, all reported)')
    .addOption(new Option('--platform <platform>', "which platform's probes to run (default: this machine's)").choices(['darwin', 'linux']))
    .option('--json', 'print the report as JSON')
    .action(async (options: CheckOptions) => {
      let constraints;
      let repoPath: string | undefined;
      let sandboxMode: 'required' | 'off' = 'required';
      if (options.config !== undefined) {
        const loaded = await loadRunnerConfigOrExit(options.config);
        if (!loaded) return;
        constraints = loaded.constraints;
        repoPath = loaded.repo.path;
        sandboxMode = loaded.sandbox.mode;
      }
      const deps = options.platform === undefined ? {} : { platform: options.platform };
      const [constraintsReport, sandbox] = await Promise.all([
        runChecks(constraints, deps, repoPath === undefined ? {} : { repoPath }),
        sandboxRow(sandboxMode),
      ]);
      const report = { ...constraintsReport, ok: constraintsReport.ok && (sandbox.ok || !sandbox.required), checks: [...constraintsReport.checks, sandbox] };
      process.stdout.write(`${options.json ? JSON.stringify(report, null, 2) : formatChecksReport(report)}\n`);
      process.exitCode = report.ok ? 0 : 1;
    });
}

/** The sandbox as a row of the table: detected (bubblewrap or Seatbelt run once), unless the mode is "off". */
async function sandboxRow(mode: 'required' | 'off'): Promise<ReportedCheck> {
  const started = performance.now();
  const status: SandboxStatus = mode === 'off' ? { mode } : { mode, detection: await detectSandbox() };
  const check = sandboxCheck(status);
  const seen = status.mode === 'off' ? 'off (sandbox.mode)' : status.detection.ok ? check.reason : `${status.detection.tool ?? 'none'}: unusable`;
  return { ...check, seen, ms: Math.round(performance.now() - started) };
}
