import { formatPath, type ConfigProblem } from './config-problem.js';
import { describeValue } from './describe-value.js';

type Converted = { ok: true; value: unknown } | { ok: false; message: string };

interface Alias {
  key: string;
  to: readonly string[];
  convert?: (value: unknown) => Converted;
}

/** The original plan's snake_case names and where each lives in the schema. */
export const SEED_ALIASES: readonly Alias[] = [
  { key: 'window_start', to: ['schedule', 'window', 'start'] },
  { key: 'window_end', to: ['schedule', 'window', 'end'] },
  { key: 'jitter_ms', to: ['schedule', 'jitterMs'] },
  { key: 'plugged_in', to: ['constraints', 'pluggedIn'] },
  { key: 'wifi_only', to: ['constraints', 'wifiOnly'] },
  { key: 'time_budget_sec', to: ['budget', 'perSessionMinutes'], convert: secondsToMinutes },
  { key: 'agent_preferences', to: ['agents', 'prefer'], convert: preferRules },
];

/** Besides the top level, a seed name is accepted inside any of these sections. */
export const SEED_SECTIONS = ['schedule', 'constraints', 'agents', 'budget'] as const;

export interface NormalisedSeed {
  value: unknown;
  problems: ConfigProblem[];
  /** Canonical path -> the seed name it was written as, so problems can say so. */
  renamed: Map<string, string>;
}

/**
 * Moves seed-format names to their camelCase places before the schema sees the config. Pure:
 * the input is not modified. Anything that is not a plain object is left for zod to report.
 */
export function normaliseSeed(input: unknown): NormalisedSeed {
  const renamed = new Map<string, string>();
  const problems: ConfigProblem[] = [];
  if (!isPlainObject(input)) return { value: input, problems, renamed };
  const root = structuredClone(input);
  const containers: [string[], Record<string, unknown>][] = [[[], root]];
  for (const section of SEED_SECTIONS) {
    const value = root[section];
    if (isPlainObject(value)) containers.push([[section], value]);
  }
  for (const [at, container] of containers) {
    for (const alias of SEED_ALIASES) {
      if (!Object.hasOwn(container, alias.key)) continue;
      const aliasPath = formatPath([...at, alias.key]);
      const value = container[alias.key];
      delete container[alias.key];
      const problem = moveTo(root, alias, value, renamed.get(formatPath(alias.to)));
      if (problem) problems.push({ path: aliasPath, message: problem });
      else renamed.set(formatPath(alias.to), aliasPath);
    }
  }
  return { value: root, problems, renamed };
}

/** Puts the converted value at the alias's canonical path; returns a problem message instead if it cannot. */
function moveTo(root: Record<string, unknown>, alias: Alias, value: unknown, movedFrom: string | undefined): string | undefined {
  const converted = alias.convert ? alias.convert(value) : { ok: true as const, value };
  if (!converted.ok) return converted.message;
  let parent = root;
  for (const [depth, key] of alias.to.slice(0, -1).entries()) {
    const next = parent[key] ?? {};
    if (!isPlainObject(next)) {
      return `expected ${formatPath(alias.to.slice(0, depth + 1))} to be an object to move into, got ${describeValue(next)}`;
    }
    parent[key] = next;
    parent = next;
  }
  const leaf = alias.to[alias.to.length - 1] ?? '';
  if (movedFrom !== undefined) return `expected ${alias.key} once, got it at ${movedFrom} too`;
  if (Object.hasOwn(parent, leaf)) return `expected either ${alias.key} or ${formatPath(alias.to)}, got both`;
  parent[leaf] = converted.value;
  return undefined;
}

function secondsToMinutes(value: unknown): Converted {
  if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value: value / 60 };
  return { ok: false, message: `expected a number of seconds, got ${describeValue(value)}` };
}

/** `{ "refactor": "claude-code" }` (keyword -> agent, in order) or the canonical `[{ match, agent }]`. */
function preferRules(value: unknown): Converted {
  if (!isPlainObject(value)) return { ok: true, value };
  return { ok: true, value: Object.entries(value).map(([match, agent]) => ({ match, agent })) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
