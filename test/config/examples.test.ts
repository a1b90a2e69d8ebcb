import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRunnerConfig } from '../../src/config/load-config.js';
import { summarizeConfig } from '../../src/config/summary.js';

const options = (file: string) => ({ file, env: { HOME: '/home/dev' }, home: '/home/dev' });
const load = (file: string) => parseRunnerConfig(readFileSync(file, 'utf8'), options(file));

describe('examples/', () => {
  it('nightly-refactor.json is the config the issue describes', () => {
    const result = load('examples/nightly-refactor.json');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { config } = result;
    expect(config.$schema).toBe('../schema/runner-config.schema.json');
    expect(config.schedule).toStrictEqual({
      timezone: 'Europe/Berlin',
      window: { start: '01:00', end: '05:00' },
      every: '30m',
      jitterMs: 5 * 60_000,
      missed: 'catch-up',
      backToBack: true,
      cooldown: '30s',
    });
    expect(config.constraints).toMatchObject({ pluggedIn: true, wifiOnly: true });
    expect(config.goals).toStrictEqual(['refactor error handling', 'increase test coverage']);
    expect(config.agents.prefer).toStrictEqual([
      { match: 'refactor', agent: 'claude-code' },
      { match: '/\\btests?\\b|coverage/i', agent: 'codex' },
    ]);
    expect(config.budget.perSessionMinutes).toBe(30);
    expect(config.verify.command).toBe('npm test');
    expect(config.repo.path).toBe('/home/dev/code/my-app');
    expect(summarizeConfig(config)).toBe(
      '01:00-05:00 Europe/Berlin, every 30m = 8 ticks a night, jitter up to 5m; constraints: pluggedIn, wifiOnly; agents: claude-code (default), codex',
    );
  });

  it('the prefer rules send each example goal to the agent the issue names', () => {
    const result = load('examples/nightly-refactor.json');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const [refactorRule, testRule] = result.config.agents.prefer;
    const regex = /^\/(.*)\/([a-z]*)$/.exec(testRule?.match ?? '');
    expect(new RegExp(regex?.[1] ?? '', regex?.[2]).test('increase test coverage')).toBe(true);
    expect('refactor error handling'.includes(refactorRule?.match ?? '')).toBe(true);
  });

  it('seed-format.json, in the original snake_case form, loads into the same config', () => {
    const seed = load('examples/seed-format.json');
    const canonical = load('examples/nightly-refactor.json');
    if (!seed.ok || !canonical.ok) throw new Error('both examples must be valid');
    const { $schema, ...withoutHint } = canonical.config;
    expect($schema).toBeDefined();
    expect(seed.config).toStrictEqual(withoutHint);
    expect(readFileSync('examples/seed-format.json', 'utf8')).toMatch(/"time_budget_sec"[\s\S]*"agent_preferences"/);
  });

  it('every example runner config points editors at the committed schema', () => {
    const text = readFileSync('examples/nightly-refactor.json', 'utf8');
    expect(JSON.parse(text).$schema).toBe('../schema/runner-config.schema.json');
    expect(readFileSync('examples/overnight.yml', 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\/repo-config\.schema\.json$/m);
  });
});
