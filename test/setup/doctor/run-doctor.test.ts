import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChecksReport } from '../../../src/constraints/types.js';
import { runDoctor } from '../../../src/setup/doctor/run-doctor.js';
import type { DoctorCheck, DoctorReport } from '../../../src/setup/doctor/types.js';
import { API, createDoctorWorld, mockGithub, REPO, TOKEN, type DoctorWorld } from './doctor-harness.js';

let world: DoctorWorld;
beforeEach(() => {
  nock.disableNetConnect();
  world = createDoctorWorld();
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  world.cleanup();
  expect(pending).toStrictEqual([]);
});

const byName = (report: DoctorReport, name: string): DoctorCheck => {
  const check = report.checks.find((candidate) => candidate.name === name);
  if (!check) throw new Error(`no check ${name} in ${report.checks.map((c) => c.name).join(', ')}`);
  return check;
};
const statuses = (report: DoctorReport) => Object.fromEntries(report.checks.map((check) => [check.name, check.status]));

const constraintsReport = (ok: boolean): ChecksReport => ({
  ok,
  checks: [{ name: 'pluggedIn', required: true, ok, reason: ok ? 'on AC power' : 'on battery (83%), pluggedIn is required', ms: 3, seen: ok ? 'ac' : 'battery 83%' }],
  facts: { power: { source: ok ? 'ac' : 'battery', percent: 83, charging: false }, network: { interface: 'wlan0', kind: 'wifi', metered: false, ssid: 'home' } },
});
const facts = {
  sandbox: async () => ({ ok: true, tool: 'bwrap' }),
  constraints: async () => constraintsReport(true),
  loginAgent: async () => ({ manager: 'systemd' as const, file: '/home/dev/.config/systemd/user/overnight.service', installed: true, running: true, tokenReadable: true }),
};

describe('runDoctor', () => {
  it('all checks pass on a ready machine', async () => {
    mockGithub();
    const report = await runDoctor(await world.deps({}, facts));
    expect(report.ok).toBe(true);
    expect(statuses(report)).toStrictEqual({
      config: 'ok',
      'git-repository': 'ok',
      remote: 'ok',
      'base-branch': 'ok',
      token: 'ok',
      'token-accepted': 'ok',
      repository: 'ok',
      'push-permission': 'ok',
      issues: 'ok',
      bot: 'ok',
      'agent:claude-code': 'ok',
      'agent-login:claude-code': 'ok',
      'verify-command': 'ok',
      sandbox: 'ok',
      constraints: 'ok',
      'login-agent': 'ok',
    });
    expect(byName(report, 'remote').detail).toBe('origin is https://github.com/acme/widgets.git (acme/widgets)');
    expect(byName(report, 'base-branch').detail).toBe('main exists on origin');
    expect(byName(report, 'token').detail).toBe('found in GH_TOKEN (github.token is "env")');
    expect(byName(report, 'token-accepted').detail).toBe('GitHub accepts the token from GH_TOKEN (signed in as octocat)');
    expect(byName(report, 'bot').detail).toBe('the app (overnight[bot]) keeps the dashboard issue #7');
    expect(byName(report, 'agent:claude-code').detail).toBe(`2.1.3 (Claude Code) (${join(world.bin, 'claude')})`);
    expect(byName(report, 'agent-login:claude-code').detail).toBe(`Claude Code is logged in (${join(world.home, '.claude', '.credentials.json')})`);
    expect(byName(report, 'verify-command').detail).toBe(`"npm test" runs ${join(world.bin, 'npm')}`);
    expect(report.checks.every((check) => check.fix === undefined)).toBe(true);
    expect(JSON.stringify(report)).not.toContain(TOKEN);
  });

  it('a bad config fails alone; the checks that need it are left out', async () => {
    const report = await runDoctor(await world.deps({ schedule: { window: { start: '25:00', end: '05:00' } } }, facts));
    expect(report.ok).toBe(false);
    expect(report.checks.map((check) => check.name)).toStrictEqual(['config', 'sandbox', 'login-agent']);
    expect(byName(report, 'config')).toMatchObject({ status: 'fail', detail: expect.stringContaining('schedule.window.start: expected a 24-hour time "HH:MM"') });
  });

  it('repo.path that is not a git repository', async () => {
    mockGithub();
    const report = await runDoctor(await world.deps({ repo: { path: world.home } }));
    expect(byName(report, 'git-repository')).toMatchObject({ status: 'fail', detail: `repo.path ${world.home} is not a git repository` });
    expect(report.checks.map((check) => check.name)).not.toContain('remote');
  });

  it('a missing remote, then a remote that is another repository, then one on another host', async () => {
    // Without a token no GitHub call is made: these checks are git's alone.
    const noToken = { env: { PATH: process.env.PATH } };
    let report = await runDoctor(await world.deps({ repo: { remote: 'upstream' } }, noToken));
    expect(byName(report, 'remote')).toMatchObject({ status: 'fail', detail: `repo.remote "upstream" is not a remote of ${world.clone}` });
    expect(report.checks.map((check) => check.name)).not.toContain('base-branch');

    report = await runDoctor(await world.deps({ repo: { github: 'acme/gadgets' } }, noToken));
    expect(byName(report, 'remote')).toStrictEqual({
      name: 'remote',
      status: 'fail',
      detail: 'origin is https://github.com/acme/widgets.git, which is acme/widgets, but repo.github is "acme/gadgets"',
      fix: 'set repo.github to "acme/widgets", or point origin at acme/gadgets',
    });

    world.git(world.clone, 'remote', 'set-url', 'origin', 'git@ghe.acme.test:acme/widgets.git');
    report = await runDoctor(await world.deps({}, { ...noToken, lsRemoteTimeoutMs: 2_000 }));
    expect(byName(report, 'remote')).toMatchObject({ status: 'fail', detail: 'origin is on ghe.acme.test, but github.apiUrl is https://api.github.com', fix: 'set github.apiUrl to "https://ghe.acme.test/api/v3"' });
  });

  it('a base branch that is not on the remote, asked over the network', async () => {
    mockGithub();
    const report = await runDoctor(await world.deps({ repo: { base: 'develop' } }));
    expect(byName(report, 'base-branch')).toMatchObject({ status: 'fail', detail: 'repo.base "develop" is not a branch on origin', fix: 'push develop to origin, or set repo.base to its default branch' });
  });

  it('a remote git cannot read', async () => {
    mockGithub();
    world.git(world.clone, 'config', '--unset', `url.${join(world.root, 'origin.git')}.insteadOf`);
    world.git(world.clone, 'remote', 'set-url', 'origin', `file://${join(world.root, 'gone.git')}`);
    const report = await runDoctor(await world.deps());
    expect(byName(report, 'remote').status).toBe('warn');
    expect(byName(report, 'base-branch')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^`git ls-remote origin` failed: fatal: .*gone\.git/) });
  });

  it('no token: the GitHub checks are left out', async () => {
    const deps = await world.deps();
    const report = await runDoctor({ ...deps, env: { PATH: deps.env?.PATH } });
    expect(byName(report, 'token')).toMatchObject({ status: 'fail', detail: 'github.token is "env" but neither GITHUB_TOKEN nor GH_TOKEN is set' });
    expect(report.checks.map((check) => check.name)).not.toContain('token-accepted');
  });

  it('a token GitHub rejects', async () => {
    nock(API).get('/user').reply(401, { message: 'Bad credentials' });
    const report = await runDoctor(await world.deps());
    expect(byName(report, 'token-accepted')).toMatchObject({ status: 'fail', detail: 'GitHub rejected the token from GH_TOKEN (github.token): it is wrong, expired or revoked' });
    expect(report.checks.map((check) => check.name)).not.toContain('repository');
  });

  it('a repository the token cannot see', async () => {
    nock(API).get('/user').reply(200, { login: 'octocat' }, { 'x-oauth-scopes': 'repo' }).get(REPO).reply(404, { message: 'Not Found' });
    const report = await runDoctor(await world.deps());
    expect(byName(report, 'repository')).toMatchObject({ status: 'fail', detail: 'repo.github "acme/widgets" not found, or the token cannot see it' });
    expect(report.checks.map((check) => check.name)).not.toContain('bot');
  });

  it('no push permission, then a classic token without the repo scope', async () => {
    mockGithub({ push: false });
    let report = await runDoctor(await world.deps());
    expect(byName(report, 'push-permission')).toMatchObject({ status: 'fail', detail: "the token's user cannot push to acme/widgets; the runner pushes agent/* branches there" });
    mockGithub({ scopes: 'read:org, public_repo' });
    report = await runDoctor(await world.deps());
    expect(byName(report, 'push-permission')).toMatchObject({ status: 'fail', detail: 'the token has scopes "read:org, public_repo" but pushing to a private repository needs "repo"' });
    mockGithub({ scopes: null });
    report = await runDoctor(await world.deps());
    expect(byName(report, 'push-permission')).toMatchObject({ status: 'ok', detail: 'the token can push to acme/widgets (a fine-grained token also needs Contents: read and write)' });
  });

  it('issues turned off, then issues the token may not read', async () => {
    mockGithub({ hasIssues: false });
    let report = await runDoctor(await world.deps());
    expect(byName(report, 'issues')).toMatchObject({ status: 'fail', detail: 'issues are turned off for acme/widgets, and goals are issues labelled overnight' });
    mockGithub({ issues: 403 });
    report = await runDoctor(await world.deps());
    expect(byName(report, 'issues')).toMatchObject({ status: 'fail', detail: 'GitHub answered 403 to GET /repos/acme/widgets/issues: Resource not accessible by personal access token' });
  });

  it('the bot: found by an agent PR, unknown without traces (a warning), not needed with openedBy runner', async () => {
    mockGithub({ dashboardBy: 'User' });
    let report = await runDoctor(await world.deps());
    // The only bot PR is not an agent PR; the agent PR was opened by a person: no trace.
    expect(byName(report, 'bot')).toMatchObject({ status: 'warn', detail: expect.stringContaining('cannot tell whether the overnight app is installed on acme/widgets') });
    expect(report.ok).toBe(true);

    const answers = nock(API)
      .get('/user').reply(200, { login: 'octocat' }, { 'x-oauth-scopes': 'repo' })
      .get(REPO).reply(200, { private: false, default_branch: 'main', has_issues: true, permissions: { push: true } })
      .get(`${REPO}/issues`).query({ per_page: '1' }).reply(200, [])
      .get(`${REPO}/issues`).query({ labels: 'overnight:dashboard', state: 'all', per_page: '10' }).reply(200, [])
      .get(`${REPO}/pulls`).query(true).reply(200, [{ number: 9, head: { ref: 'agent/20261127-0100-abcdef' }, user: { login: 'overnight[bot]', type: 'Bot' } }]);
    report = await runDoctor(await world.deps());
    expect(byName(report, 'bot')).toMatchObject({ status: 'ok', detail: 'the app (overnight[bot]) opened agent PR #9' });
    expect(answers.pendingMocks()).toStrictEqual([]);

    nock(API)
      .get('/user').reply(200, { login: 'octocat' }, { 'x-oauth-scopes': 'repo' })
      .get(REPO).reply(200, { private: true, default_branch: 'main', has_issues: true, permissions: { push: true } })
      .get(`${REPO}/issues`).query({ per_page: '1' }).reply(200, []);
    report = await runDoctor(await world.deps({ pr: { openedBy: 'runner' } }));
    expect(byName(report, 'bot')).toMatchObject({ status: 'ok', detail: expect.stringContaining('pr.openedBy is "runner"') });
  });

  it('an agent that is not installed, one whose --version fails, one that hangs', async () => {
    mockGithub();
    let report = await runDoctor(await world.deps({ agents: { default: 'codex' } }));
    expect(byName(report, 'agent:codex')).toMatchObject({ status: 'fail', detail: expect.stringContaining('agent "codex": binary `codex` not found') });

    mockGithub();
    world.script('claude', 'echo "error: cannot find module" >&2; exit 1');
    report = await runDoctor(await world.deps());
    expect(byName(report, 'agent:claude-code')).toMatchObject({ status: 'fail', detail: `\`${join(world.bin, 'claude')} --version\` exited 1: error: cannot find module` });
    expect(report.checks.map((check) => check.name)).not.toContain('agent-login:claude-code');

    mockGithub();
    world.script('claude', 'exec sleep 5');
    report = await runDoctor(await world.deps({}, { versionTimeoutMs: 300 }));
    expect(byName(report, 'agent:claude-code')).toMatchObject({ status: 'fail', detail: `\`${join(world.bin, 'claude')} --version\` did not answer within 300 ms` });
  });

  it('the agent never sees the GitHub token, even for --version', async () => {
    mockGithub();
    world.script('claude', `env > "${join(world.root, 'claude-env')}"; echo 2.1.3`);
    await runDoctor(await world.deps());
    const { readFileSync } = await import('node:fs');
    const seen = readFileSync(join(world.root, 'claude-env'), 'utf8');
    expect(seen).not.toContain(TOKEN);
    expect(seen).not.toContain('GH_TOKEN');
  });

  it('on macOS, finds the Claude Code login in the keychain through `security`, asking without -w', async () => {
    mockGithub();
    const { copyFileSync, readFileSync, rmSync } = await import('node:fs');
    rmSync(join(world.home, '.claude'), { recursive: true });
    copyFileSync(new URL('../../fixtures/setup/bin/security', import.meta.url), join(world.bin, 'security'));
    writeFileSync(join(world.root, 'keychain.json'), JSON.stringify([{ service: 'Claude Code-credentials', account: 'dev', password: '{"claudeAiOauth":{}}' }]));
    const deps = await world.deps({}, { platform: 'darwin' });
    const report = await runDoctor({ ...deps, env: { ...deps.env, FAKE_DIR: world.root } });
    expect(byName(report, 'agent-login:claude-code')).toMatchObject({ status: 'ok', detail: 'Claude Code is logged in (keychain item "Claude Code-credentials")' });
    const calls = readFileSync(join(world.root, 'calls.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { argv: string[] });
    expect(calls.map((call) => call.argv)).toStrictEqual([['find-generic-password', '-s', 'Claude Code-credentials']]);
  });

  it('Claude Code not logged in, and a verify command whose program is missing', async () => {
    mockGithub();
    const { rmSync } = await import('node:fs');
    rmSync(join(world.home, '.claude'), { recursive: true });
    const report = await runDoctor(await world.deps({ verify: { command: 'CI=1 tox -e py312' } }));
    expect(byName(report, 'agent-login:claude-code')).toMatchObject({ status: 'fail', fix: 'run `claude` once and /login, or set ANTHROPIC_API_KEY in agents.defs.claude-code.env' });
    expect(byName(report, 'verify-command')).toMatchObject({ status: 'fail', detail: 'verify.command "CI=1 tox -e py312" starts with tox, which was not found' });
  });

  it('facts from elsewhere: no sandbox, constraints failing now (a warning), the login agent stopped', async () => {
    mockGithub();
    const report = await runDoctor(
      await world.deps({}, {
        sandbox: async () => ({ ok: false, tool: 'bwrap', reason: 'bwrap: setting up uid map: Permission denied', fix: 'sysctl -w kernel.unprivileged_userns_clone=1' }),
        constraints: async () => constraintsReport(false),
        loginAgent: async () => ({ manager: 'systemd', file: '/u/overnight.service', installed: true, running: false }),
      }),
    );
    expect(byName(report, 'sandbox')).toStrictEqual({ name: 'sandbox', status: 'fail', detail: 'bwrap cannot contain the agent: bwrap: setting up uid map: Permission denied', fix: 'sysctl -w kernel.unprivileged_userns_clone=1' });
    expect(byName(report, 'constraints')).toMatchObject({ status: 'warn', detail: 'a cycle now would be skipped: on battery (83%), pluggedIn is required' });
    expect(byName(report, 'login-agent')).toMatchObject({ status: 'fail', detail: 'the systemd user unit is installed but not running' });
    expect(report.ok).toBe(false);
  });

  it('writes nothing and changes no file', async () => {
    mockGithub();
    writeFileSync(join(world.clone, 'untracked.txt'), 'x');
    await runDoctor(await world.deps());
    expect(world.git(world.clone, 'status', '--porcelain')).toBe('?? untracked.txt');
  });
});
