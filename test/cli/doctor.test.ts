import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { planService } from '../../src/runner/service/plan-service.js';
import { API, createDoctorWorld, mockGithub, TOKEN, type DoctorWorld } from '../setup/doctor/doctor-harness.js';
import { runCli, writeScript } from './cli-harness.js';

let world: DoctorWorld;
let config: string;

interface JsonReport {
  ok: boolean;
  checks: Array<{ name: string; status: 'ok' | 'warn' | 'fail'; detail: string; fix: string | null }>;
}

/** `overnight doctor --json` as a user runs it; the report and its exit code. */
async function doctor(): Promise<{ code: number; report: JsonReport; check: (name: string) => JsonReport['checks'][number] | undefined }> {
  const result = await runCli('doctor', '--config', config, '--json');
  const report = JSON.parse(result.stdout) as JsonReport;
  return { code: result.code, report, check: (name) => report.checks.find((check) => check.name === name) };
}

function writeConfig(patch: Record<string, unknown> = {}): void {
  writeFileSync(
    config,
    JSON.stringify({
      repo: { path: world.clone, github: 'acme/widgets' },
      github: { token: 'store' },
      schedule: { timezone: 'UTC', window: { start: '01:00', end: '05:00' }, every: '30m' },
      agents: { default: 'claude-code' },
      verify: { command: 'npm test' },
      ...patch,
    }),
  );
}

beforeEach(() => {
  nock.disableNetConnect();
  world = createDoctorWorld();
  config = join(world.root, 'config.json');
  // Keyrings do not answer here, so "store" is the file under OVERNIGHT_HOME; a usable bubblewrap.
  writeScript(world.bin, 'secret-tool', 'echo "Cannot autolaunch D-Bus without X11 \\$DISPLAY" >&2; exit 1');
  writeScript(world.bin, 'security', 'echo "security: User interaction is not allowed." >&2; exit 36');
  writeScript(world.bin, 'bwrap', '[ "$1" = --version ] && echo "bubblewrap 0.9.0"; exit 0');
  vi.stubEnv('PATH', `${world.bin}:/usr/bin:/bin`);
  vi.stubEnv('HOME', world.home);
  vi.stubEnv('XDG_CONFIG_HOME', join(world.root, 'xdg'));
  vi.stubEnv('OVERNIGHT_HOME', join(world.root, 'overnight'));
  vi.stubEnv('GITHUB_TOKEN', '');
  vi.stubEnv('GH_TOKEN', '');
  mkdirSync(join(world.root, 'overnight'), { mode: 0o700 });
  writeFileSync(join(world.root, 'overnight', 'token'), `${TOKEN}\n`, { mode: 0o600 });
  writeConfig();
});
afterEach(() => {
  vi.unstubAllEnvs();
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  world.cleanup();
  expect(pending).toStrictEqual([]);
});

describe('overnight doctor', () => {
  it('all passing: exit 0, every line ok or a warning, the token named by where it was found', async () => {
    mockGithub();
    const { code, report, check } = await doctor();
    expect(report.checks.filter((line) => line.status === 'fail')).toStrictEqual([]);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(check('token')).toStrictEqual({ name: 'token', status: 'ok', detail: `found in ${join(world.root, 'overnight', 'token')} (github.token is "store")`, fix: null });
    for (const name of ['config', 'git-repository', 'remote', 'base-branch', 'token-accepted', 'repository', 'push-permission', 'issues', 'bot', 'agent:claude-code', 'verify-command']) {
      expect(check(name)?.status, name).toBe('ok');
    }
    expect(check('sandbox')?.status).toBe('ok');
    expect(check('constraints')?.status).toMatch(/^(ok|warn)$/);
    expect(check('login-agent')).toMatchObject({ status: 'warn', fix: 'run `overnight install`' });
  });

  it('each check failing in turn: no token, a wrong token, no push permission, a missing agent, a missing branch', async () => {
    writeFileSync(join(world.root, 'overnight', 'token'), '');
    let run = await doctor();
    expect(run.code).toBe(1);
    expect(run.check('token')).toMatchObject({ status: 'fail', detail: expect.stringContaining('github.token is "store" but no token is stored'), fix: 'run `overnight auth login`' });
    expect(run.check('token-accepted')).toBeUndefined();

    writeFileSync(join(world.root, 'overnight', 'token'), `${TOKEN}\n`, { mode: 0o600 });
    nock(API).get('/user').reply(401, { message: 'Bad credentials' });
    run = await doctor();
    expect(run.code).toBe(1);
    expect(run.check('token-accepted')).toMatchObject({ status: 'fail', detail: `GitHub rejected the token from ${join(world.root, 'overnight', 'token')} (github.token): it is wrong, expired or revoked` });

    mockGithub({ push: false });
    run = await doctor();
    expect(run.code).toBe(1);
    expect(run.check('push-permission')).toMatchObject({ status: 'fail', detail: "the token's user cannot push to acme/widgets; the runner pushes agent/* branches there" });

    mockGithub();
    writeConfig({ agents: { default: 'codex' } });
    run = await doctor();
    expect(run.code).toBe(1);
    expect(run.check('agent:codex')).toMatchObject({ status: 'fail', detail: expect.stringContaining('agent "codex": binary `codex` not found') });

    mockGithub();
    writeConfig({ repo: { path: world.clone, github: 'acme/widgets', base: 'develop' } });
    run = await doctor();
    expect(run.code).toBe(1);
    expect(run.check('base-branch')).toMatchObject({ status: 'fail', detail: 'repo.base "develop" is not a branch on origin' });
    expect(run.report.checks.filter((line) => line.status === 'fail').map((line) => line.name)).toStrictEqual(['base-branch']);
  });

  it('the login agent: installed and running, then with github.token "env", which the service can never read', async () => {
    const plan = planService(config);
    mkdirSync(join(plan.file, '..'), { recursive: true });
    writeFileSync(plan.file, plan.contents);
    writeScript(world.bin, 'systemctl', '[ "$*" = "--user is-active overnight-runner.service" ] && echo active');
    writeScript(world.bin, 'launchctl', '[ "$1" = print ] && printf "dev.overnight.runner = {\\n\\tstate = running\\n}\\n"');
    mockGithub();
    let run = await doctor();
    expect(run.check('login-agent')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/is running and can read the token$/) });

    vi.stubEnv('GH_TOKEN', TOKEN);
    writeConfig({ github: { token: 'env' } });
    mockGithub();
    run = await doctor();
    expect(run.check('token')).toMatchObject({ status: 'ok', detail: 'found in GH_TOKEN (github.token is "env")' });
    expect(run.check('login-agent')).toMatchObject({ status: 'fail', detail: expect.stringContaining('it would never see GITHUB_TOKEN or GH_TOKEN') });
    expect(run.code).toBe(1);
  });

  it('prints one line per check with its fix on a terminal, and a bad config fails alone', async () => {
    writeConfig({ schedule: { window: { start: '25:00', end: '05:00' }, every: '30m' } });
    const result = await runCli('doctor', '--config', config);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✗ config +.*schedule\.window\.start: expected a 24-hour time "HH:MM"/m);
    expect(result.stdout).toMatch(/\n1 problem to fix before tonight(, 1 warning)?\n$/);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
