import { describe, expect, it } from 'vitest';
import { parseRunnerConfig } from '../../src/config/load-config.js';
import type { ConfigProblem } from '../../src/config/config-problem.js';
import { PARSE_OPTIONS, validConfig } from './valid-config.js';

function parse(change: (config: Record<string, any>) => void) {
  const config = validConfig();
  change(config);
  return parseRunnerConfig(JSON.stringify(config), PARSE_OPTIONS);
}

function problemsOf(change: (config: Record<string, any>) => void): ConfigProblem[] {
  const result = parse(change);
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.problems;
}

describe('sandbox, passEnv and guard settings', () => {
  it('takes an agent sandbox widening, passEnv and the verify passEnv', () => {
    const result = parse((c) => {
      c.agents = { defs: { mine: { kind: 'claude-code', passEnv: ['CLAUDE_CONFIG_DIR'], sandbox: { allowRead: ['~/.config/mytool'] } } } };
      c.verify = { command: 'npm test', passEnv: ['DATABASE_URL'] };
      c.sandbox = { mode: 'off', allowWrite: ['/srv/cache'] };
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.agents.defs.mine).toMatchObject({ passEnv: ['CLAUDE_CONFIG_DIR'], sandbox: { allowRead: ['~/.config/mytool'], allowWrite: [] } });
    expect(result.config.verify.passEnv).toStrictEqual(['DATABASE_URL']);
    expect(result.config.sandbox).toStrictEqual({ mode: 'off', network: 'open', allowRead: [], allowWrite: ['/srv/cache'] });
  });

  it.each<[string, (c: Record<string, any>) => void, ConfigProblem]>([
    [
      'a GitHub token named in passEnv',
      (c) => (c.agents = { defs: { a: { kind: 'codex', passEnv: ['OPENAI_API_KEY', 'GITHUB_TOKEN'] } } }),
      { path: 'agents.defs.a.passEnv.1', message: 'expected no GitHub credential, got "GITHUB_TOKEN": agents never get one (the runner pushes, never the agent)' },
    ],
    [
      'a GitHub credential under another name',
      (c) => (c.verify = { passEnv: ['HOMEBREW_GITHUB_API_TOKEN'] }),
      { path: 'verify.passEnv.0', message: expect.stringMatching(/^expected no GitHub credential, got "HOMEBREW_GITHUB_API_TOKEN"/) },
    ],
    [
      "the runner's git credential",
      (c) => (c.agents = { defs: { a: { kind: 'aider', passEnv: ['GIT_CONFIG_VALUE_0'] } } }),
      { path: 'agents.defs.a.passEnv.0', message: expect.stringMatching(/^expected no git config by environment, got "GIT_CONFIG_VALUE_0"/) },
    ],
    [
      'a GitHub token set in env',
      (c) => (c.agents = { defs: { a: { kind: 'aider', env: { GH_TOKEN: 'x' } } } }),
      { path: 'agents.defs.a.env.GH_TOKEN', message: expect.stringMatching(/^expected no GitHub credential, got "GH_TOKEN"/) },
    ],
    [
      'a GitHub token value under an innocent name',
      (c) => (c.agents = { defs: { a: { kind: 'aider', env: { HELPER: ['ghp', 'A'.repeat(36)].join('_') } } } }),
      { path: 'agents.defs.a.env.HELPER', message: 'expected no GitHub token, got one: agents never get one (the runner pushes, never the agent)' },
    ],
    [
      'a passEnv entry that is no variable name',
      (c) => (c.agents = { defs: { a: { kind: 'codex', passEnv: ['MY KEY'] } } }),
      { path: 'agents.defs.a.passEnv.0', message: expect.stringMatching(/^expected an environment variable name/) },
    ],
    [
      'a relative sandbox path',
      (c) => (c.sandbox = { allowRead: ['cache'] }),
      { path: 'sandbox.allowRead.0', message: expect.stringMatching(/^expected an absolute path or one starting with ~\//) },
    ],
    [
      'a host allowlist, which no sandbox tool can enforce',
      (c) => (c.sandbox = { network: 'allowlist', allowHosts: ['api.anthropic.com'] }),
      { path: 'sandbox.network', message: expect.stringMatching(/^expected "open": a host allowlist cannot be enforced here/) },
    ],
    [
      'allowHosts without an allowlist',
      (c) => (c.sandbox = { allowHosts: ['api.anthropic.com'] }),
      { path: 'sandbox.allowHosts', message: expect.stringMatching(/only means something with network "allowlist"/) },
    ],
    ['an unknown sandbox mode', (c) => (c.sandbox = { mode: 'maybe' }), { path: 'sandbox.mode', message: 'expected one of "required", "off", got "maybe"' }],
  ])('refuses %s, naming the field', (_name, change, problem) => {
    expect(problemsOf(change)).toContainEqual(problem);
  });

  it('never echoes a token value back in the problem', () => {
    const token = ['ghp', 'B'.repeat(36)].join('_');
    const problems = problemsOf((c) => (c.agents = { defs: { a: { kind: 'aider', env: { HELPER: token } } } }));
    expect(JSON.stringify(problems)).not.toContain(token);
  });
});
