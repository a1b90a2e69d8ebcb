import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { validConfig } from './valid-config.js';

const dir = mkdtempSync(join(tmpdir(), 'overnight-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = 0;
  vi.unstubAllEnvs();
});

/** Runs `overnight ...args` in-process, capturing what it writes. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await main(['node', 'overnight', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const STACK_FRAME = /^\s+at /m;
/** Stand-in `claude` and `codex` programs, so the example's agents are found on any machine. */
const AGENT_BINS = resolve('test/fixtures/agents/bin');

describe('overnight validate', () => {
  it('exits 0 with a one-line summary for a good file', async () => {
    vi.stubEnv('PATH', `${AGENT_BINS}:/usr/bin:/bin`);
    const result = await run('validate', 'examples/nightly-refactor.json');
    expect(result).toStrictEqual({
      code: 0,
      stdout:
        'examples/nightly-refactor.json is valid: 01:00-05:00 Europe/Berlin, every 30m = 8 ticks a night, jitter up to 5m; constraints: pluggedIn, wifiOnly; agents: claude-code (default), codex\n',
      stderr: '',
    });
  });

  it('accepts the seed format', async () => {
    vi.stubEnv('HOME', '/home/dev');
    const result = await run('validate', 'examples/seed-format.json');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^examples\/seed-format\.json is valid: 01:00-05:00 Europe\/Berlin, every 30m = 8 ticks a night/);
  });

  it('exits 2 listing every problem of a bad file, without a stack trace', async () => {
    const file = 'test/fixtures/config/many-problems.jsonc';
    const result = await run('validate', file);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        `${file}: 9 problems`,
        '  repo.branch: unknown key; expected one of path, remote, base, github',
        '  schedule.timezone: expected an IANA time zone such as "Europe/Berlin", got "Europe/Berlinn"',
        '  schedule.window.start: expected a 24-hour time "HH:MM", got "25:00"',
        '  schedule.jitterMs: expected an integer, got "5m"',
        '  constraints.pluggedIn: expected true or false, got "yes"',
        '  budget.perSessionMinutes: expected a number from 1 to 1440, got 0',
        '  budget.maxConcurrent: expected an integer from 1 to 4, got 8',
        '  schedule.every: expected exactly one of `every` or `expression`, got both',
        '  agents.prefer.0.agent: expected an agent defined in agents.defs or a built-in (claude-code, codex, aider), got "gemini"',
        '',
      ].join('\n'),
    );
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it('exits 2 with line and column for broken JSON', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "repo": { "path": "/srv/app" }\n  "schedule": {}\n}\n');
    const result = await run('validate', file);
    expect(result).toStrictEqual({
      code: 2,
      stdout: '',
      stderr: `${file}: 1 problem\n  line 3, column 3: invalid JSON: expected ",", got "\\"schedule\\""\n`,
    });
  });

  it('exits 2 naming the line and column of a file nested 100 000 deep, instead of crashing', async () => {
    const file = join(dir, 'deep.json');
    writeFileSync(file, `{"goals": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const result = await run('validate', file);
    expect(result).toStrictEqual({
      code: 2,
      stdout: '',
      stderr: `${file}: 1 problem\n  line 1, column 74: expected at most 64 levels of nested objects and arrays, got more\n`,
    });
  });

  it('exits 2 for a repository config nested 100 000 deep', async () => {
    const file = join(dir, 'deep.yml');
    writeFileSync(file, `pr:\n  labels: ${'['.repeat(100_000)}\n`);
    const result = await run('validate', file);
    expect(result).toStrictEqual({
      code: 2,
      stdout: '',
      stderr: `${file}: 1 problem\n  line 2, column 73: expected at most 64 levels of nested objects and arrays, got more\n`,
    });
  });

  it('exits 2 with a clear message for a file that is not there', async () => {
    const file = join(dir, 'missing.json');
    const result = await run('validate', file);
    expect(result).toStrictEqual({ code: 2, stdout: '', stderr: `${file}: cannot read the file: no such file\n` });
  });

  it('reads the platform config path when no file is given', async () => {
    vi.stubEnv('OVERNIGHT_HOME', dir);
    const config = validConfig();
    config.schedule.jitterMs = 10 * 3_600_000;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const result = await run('validate');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `${join(dir, 'config.json')}: 1 problem\n  schedule.jitterMs: expected less than the window (14400000 ms), got 36000000\n` +
        '(no FILE given: that is the default config path; pass one to check another)\n',
    );
  });
});

describe('overnight validate: agents that are not installed, and --json', () => {
  const write = (agents: Record<string, unknown>) => {
    const file = join(dir, 'agents.json');
    writeFileSync(file, JSON.stringify({ ...validConfig(), agents }));
    return file;
  };

  it('warns on stderr, with the fix, about each agent a night could choose whose program is missing; still exit 0', async () => {
    vi.stubEnv('PATH', '/usr/bin:/bin');
    vi.stubEnv('HOME', dir);
    const file = write({
      default: 'ghost',
      prefer: [{ match: 'docs', agent: 'ghost' }, { match: 'tests', agent: 'spare' }, { match: 'lint', agent: 'node' }],
      defs: { ghost: { kind: 'command', bin: '/nonexistent/ghost-agent' }, spare: { kind: 'aider', bin: 'no-such-aider-here' }, node: { kind: 'command', bin: process.execPath } },
    });
    const result = await run('validate', file);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${file} is valid: `));
    expect(result.stderr).toBe(
      'warning: agents.default: agent "ghost": binary `/nonexistent/ghost-agent` not found or not executable; set agents.defs.ghost.bin\n' +
        'warning: agents.prefer.1.agent: agent "spare": binary `no-such-aider-here` not found on PATH, /opt/homebrew/bin, /usr/local/bin or ~/.local/bin; set agents.defs.spare.bin\n',
    );
  });

  it('--json: one object with the summary, the problems and the warnings, for a good and a bad file', async () => {
    vi.stubEnv('PATH', '/usr/bin:/bin');
    const good = write({ default: 'ghost', defs: { ghost: { kind: 'command', bin: '/nonexistent/ghost-agent' } } });
    const ok = await run('validate', good, '--json');
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout)).toStrictEqual({
      file: good,
      kind: 'runner',
      ok: true,
      summary: expect.stringMatching(/^01:00-05:00 Europe\/Berlin, every 30m/),
      problems: [],
      warnings: [{ path: 'agents.default', agent: 'ghost', message: 'agent "ghost": binary `/nonexistent/ghost-agent` not found or not executable; set agents.defs.ghost.bin' }],
    });

    const bad = await run('validate', 'test/fixtures/config/many-problems.jsonc', '--json');
    expect(bad.code).toBe(2);
    const parsed = JSON.parse(bad.stdout) as { ok: boolean; summary: null; problems: { path: string; message: string }[]; warnings: [] };
    expect(parsed).toMatchObject({ file: 'test/fixtures/config/many-problems.jsonc', kind: 'runner', ok: false, summary: null, warnings: [] });
    expect(parsed.problems).toHaveLength(9);
    expect(parsed.problems[0]).toStrictEqual({ path: 'repo.branch', message: 'unknown key; expected one of path, remote, base, github' });

    const yml = await run('validate', 'examples/overnight.yml', '--json');
    expect(JSON.parse(yml.stdout)).toMatchObject({ kind: 'repo', ok: true, problems: [], warnings: [] });
  });
});

describe('overnight validate with a repository config', () => {
  it('checks a .yml file as .github/overnight.yml and summarises it', async () => {
    expect(await run('validate', 'examples/overnight.yml')).toStrictEqual({
      code: 0,
      stdout:
        'examples/overnight.yml is valid: goals: issues labelled "overnight"; commands: write permission and above; ' +
        'PRs ready for review against the default branch labelled automated reviewed by octocat; open agent PRs: 5\n',
      stderr: '',
    });
  });

  it('exits 2 listing every problem of a bad one', async () => {
    const file = join(dir, 'overnight.yaml');
    writeFileSync(file, 'commandPermission: everyone\nlimits:\n  recentPrs: 0\n');
    expect(await run('validate', file)).toStrictEqual({
      code: 2,
      stdout: '',
      stderr:
        `${file}: 2 problems\n` +
        '  commandPermission: expected one of "read", "triage", "write", "maintain", "admin", got "everyone"\n' +
        '  limits.recentPrs: expected an integer from 1 to 100, got 0\n',
    });
  });
});

describe('overnight schema', () => {
  it('prints the committed runner config schema', async () => {
    const result = await run('schema');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync('schema/runner-config.schema.json', 'utf8'));
  });

  it('prints the committed repository config schema with --repo', async () => {
    const result = await run('schema', '--repo');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync('schema/repo-config.schema.json', 'utf8'));
  });
});
