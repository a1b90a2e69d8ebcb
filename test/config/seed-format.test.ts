import { describe, expect, it } from 'vitest';
import { normaliseSeed } from '../../src/config/normalise-seed.js';
import { parseRunnerConfig } from '../../src/config/load-config.js';
import { PARSE_OPTIONS, validConfig } from './valid-config.js';

describe('normaliseSeed', () => {
  it('moves top-level seed names into their sections', () => {
    const seed = {
      window_start: '01:00',
      window_end: '05:00',
      jitter_ms: 60_000,
      plugged_in: true,
      wifi_only: false,
      time_budget_sec: 2700,
      agent_preferences: [{ match: 'docs', agent: 'aider' }],
    };
    expect(normaliseSeed(seed)).toStrictEqual({
      value: {
        schedule: { window: { start: '01:00', end: '05:00' }, jitterMs: 60_000 },
        constraints: { pluggedIn: true, wifiOnly: false },
        budget: { perSessionMinutes: 45 },
        agents: { prefer: [{ match: 'docs', agent: 'aider' }] },
      },
      problems: [],
      renamed: new Map([
        ['schedule.window.start', 'window_start'],
        ['schedule.window.end', 'window_end'],
        ['schedule.jitterMs', 'jitter_ms'],
        ['constraints.pluggedIn', 'plugged_in'],
        ['constraints.wifiOnly', 'wifi_only'],
        ['budget.perSessionMinutes', 'time_budget_sec'],
        ['agents.prefer', 'agent_preferences'],
      ]),
    });
  });

  it('accepts seed names inside schedule, constraints, agents and budget, wherever they belong', () => {
    const seed = {
      schedule: { every: '1h', window_start: '23:00', window_end: '03:00', plugged_in: true },
      constraints: { wifi_only: true, jitter_ms: 0 },
      agents: { agent_preferences: { refactor: 'claude-code', '/tests?/i': 'codex' }, time_budget_sec: 600 },
      budget: {},
    };
    expect(normaliseSeed(seed).value).toStrictEqual({
      schedule: { every: '1h', window: { start: '23:00', end: '03:00' }, jitterMs: 0 },
      constraints: { wifiOnly: true, pluggedIn: true },
      agents: {
        prefer: [
          { match: 'refactor', agent: 'claude-code' },
          { match: '/tests?/i', agent: 'codex' },
        ],
      },
      budget: { perSessionMinutes: 10 },
    });
  });

  it('leaves its input untouched', () => {
    const seed = { schedule: { jitter_ms: 5 } };
    normaliseSeed(seed);
    expect(seed).toStrictEqual({ schedule: { jitter_ms: 5 } });
  });

  it('rejects a seed name given together with its camelCase field', () => {
    const result = normaliseSeed({ schedule: { jitterMs: 1, jitter_ms: 2 }, plugged_in: true, constraints: { plugged_in: false } });
    expect(result.problems).toStrictEqual([
      { path: 'schedule.jitter_ms', message: 'expected either jitter_ms or schedule.jitterMs, got both' },
      { path: 'constraints.plugged_in', message: 'expected plugged_in once, got it at plugged_in too' },
    ]);
  });

  it('rejects a time budget that is not a number of seconds', () => {
    expect(normaliseSeed({ time_budget_sec: '30m' }).problems).toStrictEqual([
      { path: 'time_budget_sec', message: 'expected a number of seconds, got "30m"' },
    ]);
  });

  it('reports a section it cannot move into', () => {
    expect(normaliseSeed({ schedule: 'nightly', window_start: '01:00' }).problems).toStrictEqual([
      { path: 'window_start', message: 'expected schedule to be an object to move into, got "nightly"' },
    ]);
  });

  it('passes anything but an object through for the schema to report', () => {
    expect(normaliseSeed([1, 2]).value).toStrictEqual([1, 2]);
    expect(normaliseSeed(null).value).toBeNull();
  });
});

describe('the loader with seed names', () => {
  it('validates a seed-format config like its camelCase twin', () => {
    const { schedule, ...rest } = validConfig();
    const seed = { ...rest, window_start: '01:00', window_end: '05:00', schedule: { timezone: schedule.timezone, every: '30m' } };
    const fromSeed = parseRunnerConfig(JSON.stringify(seed), PARSE_OPTIONS);
    const canonical = parseRunnerConfig(JSON.stringify(validConfig()), PARSE_OPTIONS);
    expect(fromSeed.ok && fromSeed.config).toStrictEqual(canonical.ok && canonical.config);
  });

  it('names the seed key in problems found under its camelCase path', () => {
    const seed = { ...validConfig(), jitter_ms: 'five minutes', time_budget_sec: 30, agent_preferences: { docs: 'gemini' } };
    const result = parseRunnerConfig(JSON.stringify(seed), PARSE_OPTIONS);
    expect(result.ok || result.problems).toStrictEqual([
      { path: 'schedule.jitterMs', message: 'expected an integer, got "five minutes" (written as jitter_ms)' },
      { path: 'budget.perSessionMinutes', message: 'expected a number from 1 to 1440, got 0.5 (written as time_budget_sec)' },
      {
        path: 'agents.prefer.0.agent',
        message: 'expected an agent defined in agents.defs or a built-in (claude-code, codex, aider), got "gemini" (written as agent_preferences)',
      },
    ]);
  });
});
