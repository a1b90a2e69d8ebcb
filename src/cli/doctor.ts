import { homedir } from 'node:os';
import type { Command } from 'commander';
import { loadRunnerConfig, logDirFor, platformPaths, type RunnerConfig } from '../config/index.js';
import { runTool } from '../platform/index.js';

/**
 * `overnight doctor [--config F] [--json]`: every check between a config and a real first night,
 * one line each with what was seen and the fix. Exit 0 when nothing fails (warnings allowed), 1
 * otherwise.
 */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check everything a night needs: config, repository, token, GitHub access, agents, sandbox, login agent')
    .option('--config <file>', 'runner config (default: the platform config path)')
    .option('--json', 'print {"ok", "checks": [{"name", "status", "detail", "fix"}]}')
    .action(async (flags: { config?: string; json?: boolean }) => {
      const file = flags.config ?? platformPaths().configFile;
      const { doctorJson, formatDoctor, runDoctor, loginAgentFacts, serviceEnvironment } = await import('../setup/index.js');
      const { detectSandbox, planService } = await import('../runner/index.js');
      const { runChecks } = await import('../constraints/index.js');
      const loaded = await loadRunnerConfig(file);
      const config: RunnerConfig | undefined = loaded.ok ? loaded.config : undefined;
      const report = await runDoctor({
        loaded,
        configFile: file,
        sandbox: async () => {
          const found = await detectSandbox();
          return found.ok ? { ok: true, tool: found.tool } : { ok: false, tool: found.tool ?? 'a sandbox', reason: found.reason, fix: found.fix };
        },
        constraints: (checked) => runChecks(checked.constraints, {}, { repoPath: checked.repo.path }),
        ...(process.platform === 'darwin' || process.platform === 'linux' ? { loginAgent: async () => {
          const plan = planService(file, config ? { logDir: logDirFor(config) } : {});
          return loginAgentFacts(plan, {
            exec: async (bin, args) => {
              const result = await runTool(bin, args, { timeoutMs: 5_000 });
              return { exitCode: result.exitCode ?? 1, stdout: result.stdout, stderr: result.stderr };
            },
            ...(config ? { config, token: { serviceEnv: serviceEnvironment(plan, homedir(), process.platform), configFile: file } } : {}),
          });
        } } : {}),
      });
      process.stdout.write(flags.json ? `${JSON.stringify(doctorJson(report), null, 2)}\n` : `${formatDoctor(report)}\n`);
      process.exitCode = report.ok ? 0 : 1;
    });
}
