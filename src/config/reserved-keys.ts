import type { z } from 'zod';
import { formatPath, type ConfigProblem } from './config-problem.js';
import { knownKeysAt } from './schema-fields.js';
import { unknownKey } from './zod-problems.js';

/**
 * Keys that name JavaScript's object machinery. No field is called so, and as a name under a
 * record (an agent, an env variable) they would either reach the prototype (`defs["constructor"]`
 * is Object's constructor when no such agent exists) or be dropped on the way (zod assigns record
 * entries, and assigning "__proto__" replaces the prototype instead of adding an entry).
 */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

export interface WithoutReserved {
  value: unknown;
  problems: ConfigProblem[];
}

/**
 * Reports every reserved key, at any depth, as an unknown key, and returns a copy of the value
 * without them, so nothing after this sees one. The value comes from a parser that stopped at
 * MAX_NESTING levels, so the recursion is bounded.
 */
export function dropReservedKeys(value: unknown, root: z.core.$ZodType): WithoutReserved {
  const problems: ConfigProblem[] = [];
  const walk = (node: unknown, path: PropertyKey[]): unknown => {
    if (Array.isArray(node)) return node.map((item, index) => walk(item, [...path, index]));
    if (!isPlainObject(node)) return node;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(node)) {
      if (RESERVED.has(key)) {
        const known = knownKeysAt(root, path);
        const message = known.length > 0 ? unknownKey(key, known) : `unknown key; "${key}" cannot be a name here, expected another`;
        problems.push({ path: formatPath([...path, key]), message });
        continue;
      }
      copy[key] = walk(node[key], [...path, key]);
    }
    return copy;
  };
  return { value: walk(value, []), problems };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
