import { describe, expect, it } from 'vitest';
import { parseRunnerConfig } from '../../src/config/load-config.js';
import { parseRepoConfig, validateRepoConfig } from '../../src/config/parse-repo-config.js';
import { runnerConfigSchema } from '../../src/config/runner-config.js';
import { PARSE_OPTIONS, validConfig } from './valid-config.js';

const TOO_DEEP = 'expected at most 64 levels of nested objects and arrays, got more';
// The top-level keys as the schema lists them, so a new section does not break these tests.
const TOP_LEVEL_KEYS = `expected one of ${Object.keys(runnerConfigSchema.shape).filter((key) => key !== '$schema').join(', ')}`;

/** A valid config's JSON with `extra` spliced in as raw text at the end of the top-level object. */
function withRawTail(extra: string): string {
  const json = JSON.stringify(validConfig());
  return `${json.slice(0, -1)}, ${extra}}`;
}

describe('nesting depth', () => {
  it('refuses JSON nested 100 000 deep with its position, instead of overflowing the stack', () => {
    const text = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(parseRunnerConfig(text, PARSE_OPTIONS)).toStrictEqual({ ok: false, problems: [{ path: '', line: 1, column: 65, message: TOO_DEEP }] });
  });

  it('counts from the root: a field holding 63 more levels is allowed, 64 more is not', () => {
    const nested = (levels: number) => withRawTail(`\n  "goals": ${'['.repeat(levels)}${']'.repeat(levels)}`);
    // The root object is level 1, "goals" opens level 2.
    const allowed = parseRunnerConfig(nested(63), PARSE_OPTIONS);
    expect(allowed.ok).toBe(false);
    if (!allowed.ok) expect(allowed.problems.every((problem) => problem.path.startsWith('goals'))).toBe(true);
    expect(parseRunnerConfig(nested(64), PARSE_OPTIONS)).toStrictEqual({ ok: false, problems: [{ path: '', line: 2, column: 75, message: TOO_DEEP }] });
  });

  it('reads past brackets inside strings and comments', () => {
    const text = withRawTail(`"goals": ["${'['.repeat(200)}"] /* ${'{'.repeat(200)} */`);
    const result = parseRunnerConfig(text, PARSE_OPTIONS);
    expect(result.ok && result.config.goals).toStrictEqual(['['.repeat(200)]);
  });

  it('refuses a deep repository config before the YAML parser recurses into it, flow or block', () => {
    expect(parseRepoConfig('['.repeat(100_000))).toStrictEqual({ ok: false, problems: [{ path: '', line: 1, column: 65, message: TOO_DEEP }] });
    expect(parseRepoConfig(`${'- '.repeat(100_000)}x\n`)).toStrictEqual({ ok: false, problems: [{ path: '', line: 1, column: 129, message: TOO_DEEP }] });
    const blockMaps = Array.from({ length: 70 }, (_, level) => `${'  '.repeat(level)}k${level}:`).join('\n');
    expect(parseRepoConfig(blockMaps)).toStrictEqual({ ok: false, problems: [{ path: '', line: 65, column: 132, message: TOO_DEEP }] });
  });

  it("leaves ordinary YAML alone: a list at its key's indent, flow lists, comments full of brackets", () => {
    const text = 'pr:\n  labels:\n  - automated\n  reviewers: [octocat, hubot]\nlimits: { recentPrs: 3 }\n# [[[[\n';
    expect(parseRepoConfig(text)).toMatchObject({ ok: true, config: { pr: { labels: ['automated'], reviewers: ['octocat', 'hubot'] }, limits: { recentPrs: 3 } } });
  });
});

describe('keys that name the object machinery', () => {
  it('reports __proto__ as an unknown key instead of dropping it, and pollutes nothing', () => {
    const result = parseRunnerConfig(withRawTail('"__proto__": { "polluted": true, "runnerName": "evil" }'), PARSE_OPTIONS);
    expect(result).toStrictEqual({ ok: false, problems: [{ path: '__proto__', message: `unknown key; ${TOP_LEVEL_KEYS}` }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('reports constructor and prototype at any depth', () => {
    const config = validConfig();
    Object.defineProperty(config, "constructor", { value: 1, enumerable: true }); // an own key, as JSON.parse makes it
    config.schedule.prototype = { every: '1m' };
    expect(parseRunnerConfig(JSON.stringify(config), PARSE_OPTIONS)).toStrictEqual({
      ok: false,
      problems: [
        { path: 'schedule.prototype', message: 'unknown key; expected one of timezone, window, every, expression, jitterMs, days, missed, backToBack, cooldown' },
        { path: 'constructor', message: `unknown key; ${TOP_LEVEL_KEYS}` },
      ],
    });
  });

  it('refuses them as names chosen by the user: an agent, an environment variable', () => {
    const text = withRawTail(
      '"agents": { "default": "fast", "defs": { "fast": { "kind": "codex", "env": { "__proto__": "x", "LANG": "C" } }, "constructor": { "kind": "aider" } } }',
    );
    expect(parseRunnerConfig(text, PARSE_OPTIONS)).toStrictEqual({
      ok: false,
      problems: [
        { path: 'agents.defs.fast.env.__proto__', message: 'unknown key; "__proto__" cannot be a name here, expected another' },
        { path: 'agents.defs.constructor', message: 'unknown key; "constructor" cannot be a name here, expected another' },
      ],
    });
  });

  it('does the same in the repository config', () => {
    expect(parseRepoConfig('__proto__:\n  goalLabel: x\npr:\n  constructor: 1\n')).toStrictEqual({
      ok: false,
      problems: [
        { path: '__proto__', message: 'unknown key; expected one of goalLabel, commandPermission, pr, limits' },
        { path: 'pr.constructor', message: 'unknown key; expected one of base, draft, labels, reviewers, teamReviewers' },
      ],
    });
  });

  it('does the same for a repository config another YAML parser already read', () => {
    const raw = JSON.parse('{"__proto__": {"goalLabel": "x"}, "limits": {"recentPrs": 5}}') as unknown;
    expect(validateRepoConfig(raw)).toStrictEqual({
      ok: false,
      problems: [{ path: '__proto__', message: 'unknown key; expected one of goalLabel, commandPermission, pr, limits' }],
    });
    expect(validateRepoConfig(null)).toMatchObject({ ok: true, config: { goalLabel: 'overnight' } });
  });

  it('keeps a later duplicate key, as JSON.parse does', () => {
    const result = parseRunnerConfig(withRawTail('"runnerName": "first", "runnerName": "second"'), PARSE_OPTIONS);
    expect(result.ok && result.config.runnerName).toBe('second');
  });
});

describe('an agent definition that is not an object', () => {
  it.each([null, 3, 'x', [], { env: null }, { kind: 'command', env: [1] }])('is reported at its path, never thrown (%j)', (def) => {
    const config = validConfig() as Record<string, unknown>;
    config.agents = { ...(config.agents as object), defs: { a: def } };
    const result = parseRunnerConfig(JSON.stringify(config), PARSE_OPTIONS);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.every((problem) => problem.path.startsWith('agents.defs.a'))).toBe(true);
  });
});
