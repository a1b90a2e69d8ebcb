import type { Command } from 'commander';
import { formatProblems, type ConfigProblem, loadRunnerConfig, loadRepoConfigFile, platformPaths, summarizeRepoConfig, summarizeConfig } from '../config/index.js';
import { checkConfiguredAgents, type AgentWarning } from '../runner/index.js';

/** `overnight validate --json` (docs/cli.md): every key always present. */
interface Validation {
  file: string;
  kind: 'runner' | 'repo';
  ok: boolean;
  summary: string | null;
  problems: ConfigProblem[];
  /** Valid, but will not work on this machine as it is: an agent whose program is not found. */
  warnings: AgentWarning[];
}

/**
 * `overnight validate [FILE] [--json]`: exit 0 with a one-line summary (and a warning line on
 * stderr per configured agent that is not installed), or exit 2 listing every problem.
 * A .yml/.yaml file is checked as the repository config (.github/overnight.yml).
 */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a runner config (or a .github/overnight.yml) and say what it will do; exit 2 listing every problem')
    .argument('[file]', 'runner config, JSON with comments (default: the platform config path); .yml: repository config')
    .option('--json', 'print one JSON object (docs/cli.md)')
    .action(async (file: string | undefined, { json }: { json?: boolean }) => {
      const path = file ?? platformPaths().configFile;
      const checked = /\.ya?ml$/i.test(path) ? await checkRepoConfig(path) : await checkRunnerConfig(path);
      process.exitCode = checked.ok ? 0 : 2;
      if (json) {
        process.stdout.write(`${JSON.stringify(checked, null, 2)}\n`);
        return;
      }
      if (checked.ok) {
        process.stdout.write(`${path} is valid: ${checked.summary}\n`);
        for (const warning of checked.warnings) process.stderr.write(`warning: ${warning.path}: ${warning.message}\n`);
        return;
      }
      process.stderr.write(`${formatProblems(checked.problems, path)}\n`);
      if (file === undefined) process.stderr.write('(no FILE given: that is the default config path; pass one to check another)\n');
    });
}

async function checkRunnerConfig(file: string): Promise<Validation> {
  const result = await loadRunnerConfig(file);
  if (!result.ok) return { file, kind: 'runner', ok: false, summary: null, problems: result.problems, warnings: [] };
  return { file, kind: 'runner', ok: true, summary: summarizeConfig(result.config), problems: [], warnings: checkConfiguredAgents(result.config.agents) };
}

async function checkRepoConfig(file: string): Promise<Validation> {
  const result = await loadRepoConfigFile(file);
  if (!result.ok) return { file, kind: 'repo', ok: false, summary: null, problems: result.problems, warnings: [] };
  return { file, kind: 'repo', ok: true, summary: summarizeRepoConfig(result.config), problems: [], warnings: [] };
}
