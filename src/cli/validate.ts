import type { Command } from 'commander';
import { formatProblems, type ConfigProblem, loadRunnerConfig, loadRepoConfigFile, platformPaths, summarizeRepoConfig, summarizeConfig } from '../config/index.js';
type Checked = { ok: true; summary: string } | { ok: false; problems: ConfigProblem[] };

/**
 * `overnight validate [FILE]`: exit 0 with a one-line summary, or exit 2 listing every problem.
 * A .yml/.yaml file is checked as the repository config (.github/overnight.yml).
 */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a runner config (or a .github/overnight.yml) and say what it will do; exit 2 listing every problem')
    .argument('[file]', 'runner config, JSON with comments (default: the platform config path); .yml: repository config')
    .action(async (file: string | undefined) => {
      const path = file ?? platformPaths().configFile;
      const checked = /\.ya?ml$/i.test(path) ? await checkRepoConfig(path) : await checkRunnerConfig(path);
      if (checked.ok) {
        process.stdout.write(`${path} is valid: ${checked.summary}\n`);
        return;
      }
      process.stderr.write(`${formatProblems(checked.problems, path)}\n`);
      if (file === undefined) process.stderr.write('(no FILE given: that is the default config path; pass one to check another)\n');
      process.exitCode = 2;
    });
}

async function checkRunnerConfig(path: string): Promise<Checked> {
  const result = await loadRunnerConfig(path);
  return result.ok ? { ok: true, summary: summarizeConfig(result.config) } : result;
}

async function checkRepoConfig(path: string): Promise<Checked> {
  const result = await loadRepoConfigFile(path);
  return result.ok ? { ok: true, summary: summarizeRepoConfig(result.config) } : result;
}
