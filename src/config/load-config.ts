import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { ConfigProblem, ConfigResult } from './config-problem.js';
import { expandConfigPaths } from './expand-config-paths.js';
import { normaliseSeed } from './normalise-seed.js';
import { parseJsonc } from './parse-jsonc.js';
import { readConfigFile, type ReadFile } from './read-config-file.js';
import { dropReservedKeys } from './reserved-keys.js';
import { runnerConfigSchema, type RunnerConfig } from './runner-config.js';
import { checkTickFloor } from './tick-floor.js';
import { zodProblems } from './zod-problems.js';

export interface ParseOptions {
  /** Where the text came from: relative paths in it are resolved against its directory. */
  file: string;
  env?: Readonly<Record<string, string | undefined>>;
  home?: string;
}

export interface LoadOptions extends Omit<ParseOptions, 'file'> {
  readFile?: ReadFile;
}

/** Reads and validates a runner config file; every problem is listed, nothing is thrown. */
export async function loadRunnerConfig(file: string, options: LoadOptions = {}): Promise<ConfigResult<RunnerConfig>> {
  const { readFile, ...parseOptions } = options;
  const read = await readConfigFile(file, readFile);
  if (!read.ok) return read;
  return parseRunnerConfig(read.text, { file, ...parseOptions });
}

/**
 * The core, with no I/O of its own: JSONC text -> reserved keys dropped -> seed names normalised ->
 * paths expanded (relative to the file's directory) -> schema. All problems of all stages are
 * returned together.
 */
export function parseRunnerConfig(text: string, { file, env = process.env, home = homedir() }: ParseOptions): ConfigResult<RunnerConfig> {
  const json = parseJsonc(text);
  if (!json.ok) return json;
  const reserved = dropReservedKeys(json.value, runnerConfigSchema);
  const seed = normaliseSeed(reserved.value);
  const problems: ConfigProblem[] = [
    ...reserved.problems,
    ...seed.problems,
    ...expandConfigPaths(seed.value, { env, home, baseDir: dirname(resolve(file)) }),
  ];
  const parsed = runnerConfigSchema.safeParse(seed.value, { reportInput: true });
  if (!parsed.success) {
    problems.push(...zodProblems(parsed.error.issues, runnerConfigSchema).map((problem) => mentionSeedName(problem, seed.renamed)));
  }
  if (parsed.success) problems.push(...checkTickFloor(parsed.data.schedule, env));
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, config: parsed.data, file };
}

/** A problem found under a canonical name the user wrote in seed form says so. */
function mentionSeedName(problem: ConfigProblem, renamed: ReadonlyMap<string, string>): ConfigProblem {
  for (const [canonical, seedName] of renamed) {
    if (problem.path === canonical || problem.path.startsWith(`${canonical}.`)) {
      return { ...problem, message: `${problem.message} (written as ${seedName})` };
    }
  }
  return problem;
}
