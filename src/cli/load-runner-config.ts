import { existsSync } from 'node:fs';
import { formatProblems, loadRunnerConfig, platformPaths, type RunnerConfig } from '../config/index.js';

/** What to say when no `--config` was given and the default config path holds nothing. */
export function noConfigMessage(path: string): string {
  return `no config at ${path}: create one with \`overnight init\`, or pass --config FILE`;
}

/**
 * The config step every runner command shares: load `file` (default: the platform config path);
 * on a bad file print every problem, set exit code 2 and return undefined, so the command stops
 * having changed nothing.
 */
export async function loadRunnerConfigOrExit(file?: string): Promise<RunnerConfig | undefined> {
  const path = file ?? platformPaths().configFile;
  if (file === undefined && !existsSync(path)) {
    process.stderr.write(`${noConfigMessage(path)}\n`);
    process.exitCode = 2;
    return undefined;
  }
  const loaded = await loadRunnerConfig(path);
  if (loaded.ok) return loaded.config;
  process.stderr.write(`${formatProblems(loaded.problems, path)}\n`);
  process.exitCode = 2;
  return undefined;
}
