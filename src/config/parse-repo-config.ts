import { createRequire } from 'node:module';
import type { ConfigProblem, ConfigResult } from './config-problem.js';
import { readConfigFile, type ReadFile } from './read-config-file.js';
import { repoConfigSchema, type RepoConfig } from './repo-config.js';
import { dropReservedKeys } from './reserved-keys.js';
import { yamlTooDeep } from './yaml-nesting.js';
import { zodProblems } from './zod-problems.js';

/** The repository config's name in `.github/`, as probot's config API takes it. */
export const REPO_CONFIG_FILE = 'overnight.yml';
export const REPO_CONFIG_PATH = `.github/${REPO_CONFIG_FILE}`;

// yaml (~3 MB) loads with the first repository config read, at a cycle: a daemon waiting for its
// window never needs it.
const requireCjs = createRequire(import.meta.url);

/**
 * Validates the text of `.github/overnight.yml`. An empty file means all defaults, as an absent
 * one does; problems use the same `path: expected ..., got ...` form as the runner config.
 */
export function parseRepoConfig(yamlText: string, file: string = REPO_CONFIG_PATH): ConfigResult<RepoConfig> {
  // Before the yaml library sees the text: its composer recurses once per level.
  const tooDeep = yamlTooDeep(yamlText);
  if (tooDeep) return { ok: false, problems: [tooDeep] };
  const { parseDocument } = requireCjs('yaml') as typeof import('yaml');
  const document = parseDocument(yamlText);
  if (document.errors.length > 0) {
    return { ok: false, problems: document.errors.map(yamlProblem) };
  }
  return validateRepoConfig(document.toJS(), file);
}

/**
 * Validates a repository config some other YAML parser already read (probot's `context.config`):
 * reserved keys reported and dropped, then the schema. Absent (null/undefined) means defaults.
 */
export function validateRepoConfig(value: unknown, file: string = REPO_CONFIG_PATH): ConfigResult<RepoConfig> {
  const reserved = dropReservedKeys(value ?? {}, repoConfigSchema);
  const parsed = repoConfigSchema.safeParse(reserved.value, { reportInput: true });
  const problems = [...reserved.problems, ...(parsed.success ? [] : zodProblems(parsed.error.issues, repoConfigSchema))];
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, config: parsed.data, file };
}

/** Reads and validates a repository config file (a local copy of `.github/overnight.yml`). */
export async function loadRepoConfigFile(file: string, { readFile }: { readFile?: ReadFile } = {}): Promise<ConfigResult<RepoConfig>> {
  const read = await readConfigFile(file, readFile);
  return read.ok ? parseRepoConfig(read.text, file) : read;
}

function yamlProblem(error: { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] }): ConfigProblem {
  const firstLine = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  const position = error.linePos?.[0];
  return { path: '', message: `invalid YAML: ${firstLine}`, ...(position && { line: position.line, column: position.col }) };
}
