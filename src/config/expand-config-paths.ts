import { formatPath, type ConfigProblem } from './config-problem.js';
import { expandPath, type ExpandOptions } from './expand-path.js';

/** The fields that name a directory on this machine. */
const PATH_FIELDS = [['repo', 'path'], ['stateDir']] as const;

/**
 * Expands `~` and `$VAR` in the path fields of a raw (not yet validated) config, in place, and
 * returns a problem for each that cannot be expanded. Values of the wrong type are left for the
 * schema to report.
 */
export function expandConfigPaths(raw: unknown, options: ExpandOptions): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const path of PATH_FIELDS) {
    const holder = parentOf(raw, path);
    const key = path[path.length - 1] ?? '';
    const value = holder?.[key];
    if (!holder || typeof value !== 'string' || value === '') continue;
    const expanded = expandPath(value, options);
    if (expanded.ok) holder[key] = expanded.path;
    else problems.push({ path: formatPath(path), message: expanded.message });
  }
  return problems;
}

function parentOf(value: unknown, path: readonly string[]): Record<string, unknown> | undefined {
  let node = value;
  for (const key of path.slice(0, -1)) node = isRecord(node) ? node[key] : undefined;
  return isRecord(node) ? node : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
