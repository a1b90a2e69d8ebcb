import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRunnerConfig } from '../../src/config/load-config.js';
import { runnerConfigSchema } from '../../src/config/runner-config.js';
import { schemaFields } from '../../src/config/schema-fields.js';
import { PARSE_OPTIONS, validConfig } from './valid-config.js';

const MESSAGE = /^(expected |unknown key|invalid JSON: )/;
/** Where the cross-field rules report, whichever field made them fail. */
const CROSS_FIELD = new Set(['schedule.every', 'schedule.window.end', 'schedule.jitterMs']);
const PLAIN_PATHS = schemaFields(runnerConfigSchema)
  .map((field) => field.path)
  .filter((path) => !path.includes('[]') && !path.includes('<name>'));

function setPath(target: Record<string, any>, path: string, value: unknown): void {
  const keys = path.split('.');
  const leaf = keys.pop() ?? '';
  let node = target;
  for (const key of keys) {
    if (typeof node[key] !== 'object' || node[key] === null || Array.isArray(node[key])) node[key] = {};
    node = node[key];
  }
  node[leaf] = value;
}

describe('parseRunnerConfig on arbitrary input', () => {
  it('never throws on any text, and every problem reads "expected ..." or names an unknown key', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const result = parseRunnerConfig(text, PARSE_OPTIONS);
        if (result.ok) return;
        expect(result.problems.length).toBeGreaterThan(0);
        for (const problem of result.problems) expect(problem.message).toMatch(MESSAGE);
      }),
      { numRuns: 300 },
    );
  });

  it('blames only the field that was broken (or a cross-field rule) when one field of a valid config changes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PLAIN_PATHS), fc.jsonValue(), (path, value) => {
        const config = validConfig();
        setPath(config, path, value);
        const result = parseRunnerConfig(JSON.stringify(config), PARSE_OPTIONS);
        if (result.ok) return;
        for (const problem of result.problems) {
          const related = problem.path === path || problem.path.startsWith(`${path}.`) || CROSS_FIELD.has(problem.path);
          expect(related, `${problem.path}: ${problem.message} (changed ${path})`).toBe(true);
          expect(problem.message).toMatch(MESSAGE);
        }
      }),
      { numRuns: 500 },
    );
  });
});
