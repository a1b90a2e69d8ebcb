import type { ConfigProblem } from './config-problem.js';

/**
 * How deep objects and arrays may nest in a config file. Real configs stay under 6 levels; the
 * parsers recurse once per level, so a file nested 100 000 deep would overflow the stack (and
 * crash with exit 1) before any field could be checked.
 */
export const MAX_NESTING = 64;

/** The problem for the first place a file goes deeper than MAX_NESTING, 1-based. */
export function tooDeepProblem(line: number, column: number): ConfigProblem {
  return { path: '', line, column, message: `expected at most ${MAX_NESTING} levels of nested objects and arrays, got more` };
}
