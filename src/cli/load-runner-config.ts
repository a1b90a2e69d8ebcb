import { formatProblems } from '../config/config-problem.js';
import { loadRunnerConfig } from '../config/load-config.js';
import { platformPaths } from '../config/paths.js';
import type { RunnerConfig } from '../config/runner-config.js';

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
