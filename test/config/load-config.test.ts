import { describe, expect, it } from 'vitest';
import { loadRunnerConfig, parseRunnerConfig } from '../../src/config/load-config.js';
import type { ConfigProblem } from '../../src/config/config-problem.js';
import { DEFAULT_TEST_PATHS } from '../../src/config/default-test-paths.js';
import { PARSE_OPTIONS, validConfig } from './valid-config.js';

function problemsOf(config: unknown): ConfigProblem[] {
  const result = parseRunnerConfig(JSON.stringify(config), PARSE_OPTIONS);
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.problems;
}

function withChange(change: (config: Record<string, any>) => void): Record<string, any> {
  const config = validConfig();
  change(config);
  return config;
}

describe('parseRunnerConfig', () => {
  it('applies every default to a minimal config', () => {
    const result = parseRunnerConfig(JSON.stringify(validConfig()), PARSE_OPTIONS);
    expect(result).toMatchObject({ ok: true, file: PARSE_OPTIONS.file });
    if (!result.ok) return;
    expect(result.config.repo).toStrictEqual({ path: '/srv/app', remote: 'origin', base: 'main', github: 'acme/app' });
    expect(result.config.schedule).toStrictEqual({
      timezone: 'Europe/Berlin',
      window: { start: '01:00', end: '05:00' },
      every: '30m',
      jitterMs: 0,
      missed: 'catch-up',
      backToBack: true,
      cooldown: '30s',
    });
    expect(result.config.budget).toStrictEqual({ perSessionMinutes: 30, maxConcurrent: 1, onTimeout: 'draft' });
    expect(result.config.agents).toStrictEqual({ default: 'claude-code', prefer: [], defs: {} });
    expect(result.config.guard).toStrictEqual({
      maxChangedFiles: 200,
      maxFileBytes: 1_048_576,
      allowBinary: false,
      forbidPaths: ['.github/**', '.gitmodules', 'CODEOWNERS', 'docs/CODEOWNERS'],
      allowForbidden: false,
      testPaths: [...DEFAULT_TEST_PATHS],
      tests: 'draft',
    });
    expect(result.config.verify).toStrictEqual({ timeoutMinutes: 10, passEnv: [], repairAttempts: 2 });
    expect(result.config.sandbox).toStrictEqual({ mode: 'required', network: 'open', allowRead: [], allowWrite: [] });
  });

  it('accepts comments and trailing commas', () => {
    const text = `// the nightly run
{
  /* where */ "repo": { "path": "/srv/app", "github": "acme/app", },
  "schedule": { "window": { "start": "22:00", "end": "02:00" }, "every": "1h", "timezone": "UTC" },
}`;
    const result = parseRunnerConfig(text, PARSE_OPTIONS);
    expect(result.ok && result.config.schedule.window).toStrictEqual({ start: '22:00', end: '02:00' });
  });

  it('defaults the time zone to the system one', () => {
    const result = parseRunnerConfig(JSON.stringify(withChange((c) => delete c.schedule.timezone)), PARSE_OPTIONS);
    expect(result.ok && result.config.schedule.timezone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it.each<[string, (config: Record<string, any>) => void, ConfigProblem]>([
    ['an unknown top-level key', (c) => (c.windows = 1), { path: 'windows', message: expect.stringMatching(/^unknown key; expected one of repo, github, schedule,/) }],
    ['an unknown nested key', (c) => (c.schedule.window.begin = '01:00'), { path: 'schedule.window.begin', message: 'unknown key; expected one of start, end' }],
    ['a snake_case key that is not a seed name', (c) => (c.budget = { max_open_prs: 3 }), { path: 'budget.max_open_prs', message: expect.stringMatching(/^unknown key \(did you mean "maxOpenPrs"\?\); expected one of perSessionMinutes,/) }],
    ['a string where a boolean belongs', (c) => (c.constraints = { pluggedIn: 'yes' }), { path: 'constraints.pluggedIn', message: 'expected true or false, got "yes"' }],
    ['a string where an integer belongs', (c) => (c.schedule.jitterMs = '5m'), { path: 'schedule.jitterMs', message: 'expected an integer, got "5m"' }],
    ['a fraction where an integer belongs', (c) => (c.budget = { maxConcurrent: 1.5 }), { path: 'budget.maxConcurrent', message: 'expected an integer, got 1.5' }],
    ['a section of the wrong type', (c) => (c.budget = 'lots'), { path: 'budget', message: 'expected an object, got "lots"' }],
    ['a missing required field', (c) => delete c.repo.github, { path: 'repo.github', message: 'expected a string, got nothing (the field is required)' }],
    ['a malformed owner/name', (c) => (c.repo.github = 'acme'), { path: 'repo.github', message: 'expected "owner/name", got "acme"' }],
    ['an hour of 25', (c) => (c.schedule.window.start = '25:00'), { path: 'schedule.window.start', message: 'expected a 24-hour time "HH:MM", got "25:00"' }],
    ['a time without a leading zero', (c) => (c.schedule.window.end = '5:00'), { path: 'schedule.window.end', message: 'expected a 24-hour time "HH:MM", got "5:00"' }],
    ['an unknown time zone', (c) => (c.schedule.timezone = 'Mars/Olympus_Mons'), { path: 'schedule.timezone', message: 'expected an IANA time zone such as "Europe/Berlin", got "Mars/Olympus_Mons"' }],
    ['start == end', (c) => (c.schedule.window = { start: '03:00', end: '03:00' }), { path: 'schedule.window.end', message: 'expected a time different from start, got "03:00" (a window of zero length never opens)' }],
    ['jitter as long as the window', (c) => (c.schedule.jitterMs = 4 * 3_600_000), { path: 'schedule.jitterMs', message: 'expected less than the window (14400000 ms), got 14400000' }],
    ['jitter longer than a midnight-crossing window', (c) => Object.assign(c.schedule, { window: { start: '23:30', end: '00:30' }, jitterMs: 3_700_000 }), { path: 'schedule.jitterMs', message: 'expected less than the window (3600000 ms), got 3700000' }],
    ['negative jitter', (c) => (c.schedule.jitterMs = -1), { path: 'schedule.jitterMs', message: 'expected an integer >= 0, got -1' }],
    ['both every and expression', (c) => (c.schedule.expression = '0 1-4 * * *'), { path: 'schedule.every', message: 'expected exactly one of `every` or `expression`, got both' }],
    ['neither every nor expression', (c) => delete c.schedule.every, { path: 'schedule.every', message: 'expected exactly one of `every` or `expression`, got neither' }],
    ['an every that is not a duration', (c) => (c.schedule.every = '30 min'), { path: 'schedule.every', message: 'expected a duration such as "20s", "30m" or "1h", got "30 min"' }],
    ['a zero every', (c) => (c.schedule.every = '0m'), { path: 'schedule.every', message: 'expected a duration from 1m to 24h (one tick a minute at most), got "0m"' }],
    ['an every that rounds to 0 ms', (c) => (c.schedule.every = '0.4ms'), { path: 'schedule.every', message: 'expected a duration from 1m to 24h (one tick a minute at most), got "0.4ms"' }],
    ['an every of 1ms', (c) => (c.schedule.every = '1ms'), { path: 'schedule.every', message: 'expected a duration from 1m to 24h (one tick a minute at most), got "1ms"' }],
    ['an every under a minute', (c) => (c.schedule.every = '30s'), { path: 'schedule.every', message: 'expected a duration from 1m to 24h (one tick a minute at most), got "30s"' }],
    ['an every just under a minute', (c) => (c.schedule.every = '59999ms'), { path: 'schedule.every', message: 'expected a duration from 1m to 24h (one tick a minute at most), got "59999ms"' }],
    ['an every over a day', (c) => (c.schedule.every = '25h'), { path: 'schedule.every', message: 'expected a duration from 1m to 24h (one tick a minute at most), got "25h"' }],
    ['a cooldown under a second', (c) => (c.schedule.cooldown = '500ms'), { path: 'schedule.cooldown', message: 'expected a duration from 1s to 1h, got "500ms"' }],
    ['a cooldown over an hour', (c) => (c.schedule.cooldown = '2h'), { path: 'schedule.cooldown', message: 'expected a duration from 1s to 1h, got "2h"' }],
    ['a cooldown that is not a duration', (c) => (c.schedule.cooldown = 30), { path: 'schedule.cooldown', message: 'expected a string, got 30' }],
    ['a backToBack that is not a boolean', (c) => (c.schedule.backToBack = 'yes'), { path: 'schedule.backToBack', message: 'expected true or false, got "yes"' }],
    ['a fallback after more than a day', (c) => (c.pr = { fallbackAfterMinutes: 1441 }), { path: 'pr.fallbackAfterMinutes', message: 'expected a number from 0 to 1440, got 1441' }],
    ['an idle time over a day', (c) => (c.constraints = { userIdleMinutes: 10_000 }), { path: 'constraints.userIdleMinutes', message: 'expected a number from 0 to 1440, got 10000' }],
    ['a verify timeout under 6 seconds', (c) => (c.verify = { timeoutMinutes: 0.05 }), { path: 'verify.timeoutMinutes', message: 'expected a number from 0.1 to 1440, got 0.05' }],
    ['a blank goal', (c) => (c.goals = ['   ']), { path: 'goals.0', message: 'expected a goal with words in it, not only spaces, got "   "' }],
    ['a goal of tabs and newlines', (c) => (c.goals = ['fix the flaky test', '\t\n ']), { path: 'goals.1', message: 'expected a goal with words in it, not only spaces, got "\\t\\n "' }],
    ['a 6-field cron', (c) => Object.assign(c.schedule, { every: undefined, expression: '0 */30 1-4 * * *' }), { path: 'schedule.expression', message: 'expected a 5-field cron expression such as "*/30 1-4 * * *", got "0 */30 1-4 * * *"' }],
    ['a cron value out of range', (c) => Object.assign(c.schedule, { every: undefined, expression: '61 1 * * *' }), { path: 'schedule.expression', message: 'expected a 5-field cron expression such as "*/30 1-4 * * *", got "61 1 * * *"' }],
    ['an unknown weekday', (c) => (c.schedule.days = ['mon', 'funday']), { path: 'schedule.days.1', message: 'expected one of "mon", "tue", "wed", "thu", "fri", "sat", "sun", got "funday"' }],
    ['an empty days list', (c) => (c.schedule.days = []), { path: 'schedule.days', message: 'expected at least 1 item, got []' }],
    ['a per-session budget of zero', (c) => (c.budget = { perSessionMinutes: 0 }), { path: 'budget.perSessionMinutes', message: 'expected a number from 1 to 1440, got 0' }],
    ['a per-session budget over a day', (c) => (c.budget = { perSessionMinutes: 1441 }), { path: 'budget.perSessionMinutes', message: 'expected a number from 1 to 1440, got 1441' }],
    ['five concurrent sessions', (c) => (c.budget = { maxConcurrent: 5 }), { path: 'budget.maxConcurrent', message: 'expected an integer from 1 to 4, got 5' }],
    ['a battery over 100%', (c) => (c.constraints = { minBatteryPercent: 120 }), { path: 'constraints.minBatteryPercent', message: 'expected an integer from 0 to 100, got 120' }],
    ['an unknown enum value', (c) => (c.budget = { onTimeout: 'keep' }), { path: 'budget.onTimeout', message: 'expected one of "draft", "discard", got "keep"' }],
    ['an empty string', (c) => (c.goals = ['fix the flaky test', '']), { path: 'goals.1', message: 'expected a non-empty string, got ""' }],
    ['a non-http API URL', (c) => (c.github = { apiUrl: 'ftp://example.com' }), { path: 'github.apiUrl', message: 'expected an http(s) URL, got "ftp://example.com"' }],
    ['an agent in prefer that is not defined', (c) => (c.agents = { prefer: [{ match: 'docs', agent: 'gemini' }] }), { path: 'agents.prefer.0.agent', message: 'expected an agent defined in agents.defs or a built-in (claude-code, codex, aider), got "gemini"' }],
    ['a default agent that is not defined', (c) => (c.agents = { default: 'fast', defs: { slow: { kind: 'aider' } } }), { path: 'agents.default', message: 'expected an agent defined in agents.defs or a built-in (claude-code, codex, aider, slow), got "fast"' }],
    ['an agent name with capitals', (c) => (c.agents = { defs: { Fast: { kind: 'codex' } } }), { path: 'agents.defs.Fast', message: 'expected an agent name of lowercase letters, digits and "-" as the key, got key "Fast"' }],
    ['an unknown agent kind', (c) => (c.agents = { defs: { fast: { kind: 'gemini' } } }), { path: 'agents.defs.fast.kind', message: 'expected one of "claude-code", "codex", "aider", "command", got "gemini"' }],
  ])('reports %s', (_name, change, problem) => {
    expect(problemsOf(withChange(change))).toStrictEqual([problem]);
  });

  it('accepts the bounds of every: one minute, fractional forms of it, and a day', () => {
    for (const every of ['1m', '60s', '60000ms', '0.5h', '24h']) {
      const result = parseRunnerConfig(JSON.stringify(withChange((c) => (c.schedule.every = every))), PARSE_OPTIONS);
      expect(result.ok, every).toBe(true);
    }
  });

  it('accepts a cooldown from a second to an hour, in any unit', () => {
    for (const cooldown of ['1s', '1000ms', '30s', '2.5m', '1h']) {
      const result = parseRunnerConfig(JSON.stringify(withChange((c) => (c.schedule.cooldown = cooldown))), PARSE_OPTIONS);
      expect(result.ok, cooldown).toBe(true);
    }
  });

  it('reports a root that is not an object', () => {
    expect(problemsOf(['repo'])).toStrictEqual([{ path: '', message: 'expected an object, got ["repo"]' }]);
  });

  it('accepts an agent in prefer that is defined, and a cron expression instead of every', () => {
    const config = withChange((c) => {
      c.schedule = { ...c.schedule, every: undefined, expression: '*/20 1-4 * * 1-5' };
      c.agents = { default: 'fast', prefer: [{ match: 'docs', agent: 'scribe' }], defs: { fast: { kind: 'codex' }, scribe: { kind: 'command', args: ['scribe', '{prompt}'] } } };
    });
    const result = parseRunnerConfig(JSON.stringify(config), PARSE_OPTIONS);
    expect(result.ok && result.config.agents.defs.scribe).toStrictEqual({ kind: 'command', args: ['scribe', '{prompt}'] });
  });

  it('lists every problem in one pass, cross-field ones included', () => {
    const config = withChange((c) => {
      c.repo.path = 42;
      c.repo.extra = true;
      c.schedule.window = { start: '02:00', end: '02:00' };
      c.schedule.timezone = 'Nowhere/Special';
      c.schedule.expression = '0 1 * * *';
      c.budget = { maxConcurrent: 0, perSessionMinutes: 'long' };
      c.agents = { prefer: [{ match: 'x', agent: 'ghost' }] };
      c.constraints = 'on';
    });
    expect(problemsOf(config).map((problem) => problem.path)).toStrictEqual([
      'repo.path',
      'repo.extra',
      'schedule.timezone',
      'constraints',
      'budget.perSessionMinutes',
      'budget.maxConcurrent',
      'schedule.window.end',
      'schedule.every',
      'agents.prefer.0.agent',
    ]);
  });

  it('does not repeat a broken field as a cross-field problem', () => {
    const config = withChange((c) => {
      c.schedule.window = { start: '25:00', end: '25:00' };
      c.schedule.jitterMs = 'soon';
      c.agents = { prefer: [{ match: 'x', agent: 7 }] };
    });
    expect(problemsOf(config)).toStrictEqual([
      { path: 'schedule.window.start', message: 'expected a 24-hour time "HH:MM", got "25:00"' },
      { path: 'schedule.window.end', message: 'expected a 24-hour time "HH:MM", got "25:00"' },
      { path: 'schedule.jitterMs', message: 'expected an integer, got "soon"' },
      { path: 'agents.prefer.0.agent', message: 'expected a string, got 7' },
    ]);
  });

  it('reports every JSON syntax error with its line and column', () => {
    const text = '{\n  "repo": { "path": "/srv/app" "github": "acme/app" },\n  "schedule": { "every": 30m }\n}';
    const result = parseRunnerConfig(text, PARSE_OPTIONS);
    expect(result).toStrictEqual({
      ok: false,
      problems: [
        { path: '', line: 2, column: 32, message: 'invalid JSON: expected ",", got "\\"github\\""' },
        { path: '', line: 3, column: 28, message: 'invalid JSON: expected a JSON value, got "m"' },
      ],
    });
  });

  it('reports an empty file', () => {
    expect(parseRunnerConfig('', PARSE_OPTIONS)).toStrictEqual({
      ok: false,
      problems: [{ path: '', line: 1, column: 1, message: 'invalid JSON: expected a value, got the end of the file' }],
    });
  });
});

describe('loadRunnerConfig', () => {
  it('reads through the injected readFile', async () => {
    const read: string[] = [];
    const readFile = async (file: string) => {
      read.push(file);
      return JSON.stringify(validConfig());
    };
    const result = await loadRunnerConfig('/etc/overnight/config.json', { readFile, env: {}, home: '/h' });
    expect(read).toStrictEqual(['/etc/overnight/config.json']);
    expect(result.ok && result.config.repo.github).toBe('acme/app');
  });

  it('turns a read failure into a problem instead of throwing', async () => {
    const missing = Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' });
    const result = await loadRunnerConfig('/nope.json', { readFile: () => Promise.reject(missing) });
    expect(result).toStrictEqual({ ok: false, problems: [{ path: '', message: 'cannot read the file: no such file' }] });
  });

  it('reads a real file by default and says when the path is a directory', async () => {
    expect(await loadRunnerConfig('examples')).toStrictEqual({
      ok: false,
      problems: [{ path: '', message: 'cannot read the file: it is a directory, expected a file' }],
    });
    const result = await loadRunnerConfig('examples/nightly-refactor.json');
    expect(result.ok).toBe(true);
  });
});
