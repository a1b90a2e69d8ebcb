import { formatProblems, loadRunnerConfig, platformPaths, type RunnerConfig } from '../config/index.js';

/**
 * The config step every runner command shares: load `file` (default: the platform config path);
 * on a bad file print every problem, set exit code 2 and return undefined, so the command stops
 * having changed nothing.
 */
export async function loadRunnerConfigOrExit(file = platformPaths().configFile): Promise<RunnerConfig | undefined> {
  const loaded = await loadRunnerConfig(file);
  if (loaded.ok) return loaded.config;
  process.stderr.write(`${formatProblems(loaded.problems, file)}\n`);
  process.exitCode = 2;
  return undefined;
}
