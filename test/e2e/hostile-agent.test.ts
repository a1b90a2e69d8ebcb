import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxInfo } from '../../src/sandbox/sandbox-types.js';
import { snapshotTree } from '../runner/helpers/tree-snapshot.js';
import { compiledCli, ROOT } from './helpers/compiled-cli.js';
import { ProcessTracker, type Started } from './helpers/processes.js';
import { waitUntil } from './helpers/wait-until.js';

// A hostile `command` agent (test/fixtures/agents/hostile-git.mjs) run by `overnight once`, as a
// user runs it, against a real bare remote and the local GitHub stand-in (`overnight sandbox`).
// The agent tries the attacks of a confused or prompt-injected agent on the runner's git, the
// developer's clone and the GitHub token, records what it got in hostile-report.json in its
// workspace (committed with its change, so it is read back from the pushed branch), and makes
// one legitimate change. A trap that springs leaves a file in `traps/`: the verdict comes from
// there and from the state of the remote and the clone, never from the agent's own claims.
//
// One `once` run serves every case below. To add an attack: an `attempt(...)` in the fixture
// (gated by HOSTILE_SANDBOX_ATTACKS when only the sandbox can stop it) and a case here reading
// `report`, `traps()` or the state. Cases that need `sandbox.mode: "required"` are `it.todo`
// until the sandbox is wired into the session.

const OWNER = 'alice';
const REPO = 'nightly';
const tracker = new ProcessTracker();
const dir = mkdtempSync(join(tmpdir(), 'overnight-hostile-'));
const home = join(dir, 'home');
const trapsDir = join(dir, 'traps');
const clonePath = join(dir, REPO);
let info: SandboxInfo & { ownerToken: string };
let sandbox: Started;
let once: { code: number; stdout: string; stderr: string };
let cloneBefore: Record<string, string>;
let cloneAfter: Record<string, string>;
let baseBefore: string;
let branch: string;
let report: Record<string, { ok: boolean; got: unknown }>;

const remoteGit = (...args: string[]) => execFileSync('git', ['--git-dir', info.remotePath, ...args], { encoding: 'utf8' });
const traps = () => readdirSync(trapsDir).sort();

/** The environment of this test's process without anything that would point a child elsewhere. */
function baseEnv(): NodeJS.ProcessEnv {
  const { GITHUB_TOKEN: _a, GH_TOKEN: _b, OVERNIGHT_HOME: _c, XDG_CONFIG_HOME: _d, ...rest } = process.env;
  return Object.fromEntries(Object.entries(rest).filter(([name]) => !name.startsWith('GIT_')));
}

beforeAll(async () => {
  const bin = compiledCli();
  mkdirSync(home);
  mkdirSync(trapsDir);

  sandbox = tracker.start('the sandbox', process.execPath, [bin, 'sandbox', '--json', '--dir', join(dir, 'sandbox'), '--owner', OWNER, '--repo', REPO, '--app-id', '4242'], {
    env: baseEnv(),
    cwd: dir,
    logFile: join(dir, 'sandbox.out'),
  });
  const line = await waitUntil('the sandbox to print its details', () => sandbox.output().split('\n').find((text) => text.startsWith('{')), { timeoutMs: 30_000, running: [sandbox] });
  info = JSON.parse(line);

  // The developer's clone, with work of their own in it: an uncommitted edit and an untracked file.
  execFileSync('git', ['clone', '--quiet', info.remoteUrl, clonePath]);
  execFileSync('git', ['-C', clonePath, 'config', 'user.name', 'Night Owl']);
  execFileSync('git', ['-C', clonePath, 'config', 'user.email', 'owl@e2e.invalid']);
  writeFileSync(join(clonePath, 'README.md'), 'my uncommitted edit\n');
  writeFileSync(join(clonePath, 'scratch.txt'), 'my untracked notes\n');
  baseBefore = remoteGit('rev-parse', 'main').trim();
  cloneBefore = snapshotTree(clonePath);

  const agentScript = join(dir, 'agent', 'hostile-git.mjs');
  mkdirSync(join(dir, 'agent'));
  copyFileSync(join(ROOT, 'test', 'fixtures', 'agents', 'hostile-git.mjs'), agentScript);
  const configFile = join(dir, 'runner-config.json');
  const config = {
    repo: { path: clonePath, remote: 'origin', base: 'main', github: `${OWNER}/${REPO}` },
    github: { apiUrl: info.apiUrl, token: 'env' },
    schedule: { timezone: 'UTC', window: { start: '01:00', end: '05:00' }, every: '30m' },
    stateDir: join(dir, 'state'),
    runnerName: 'hostile-e2e',
    goals: ['Write the night notes'],
    agents: {
      default: 'hostile',
      defs: { hostile: { kind: 'command', bin: process.execPath, args: [agentScript], env: { HOSTILE_TRAPS: trapsDir, HOSTILE_ORIGIN: info.remoteUrl } } },
    },
    budget: { perSessionMinutes: 2 },
  };
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);

  const result = await promisify(execFile)(process.execPath, [bin, 'once', '--config', configFile, '--ignore-window', '--ignore-constraints'], {
    cwd: dir,
    timeout: 180_000,
    // The agent writes ~/.gitconfig and ~/.config/git: a home of the test's own. The token is in
    // the runner's environment, where `env` mode reads it, as a user would export it.
    env: { ...baseEnv(), HOME: home, GITHUB_TOKEN: info.ownerToken },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? 1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
  once = result;
  cloneAfter = snapshotTree(clonePath);
  branch = /^pushed: (agent\/\S+)$/m.exec(once.stdout)?.[1] ?? '';
  if (branch === '') throw new Error(`overnight once pushed nothing (exit ${once.code}):\n${once.stdout}\n${once.stderr}`);
  report = JSON.parse(remoteGit('show', `${branch}:hostile-report.json`));
}, 300_000);

afterAll(async () => {
  await tracker.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('a hostile agent under overnight once', () => {
  it('still gets its legitimate change pushed as agent/<session>, one commit on the real base', () => {
    expect(once.code).toBe(0);
    expect(branch).toMatch(/^agent\/\d{8}-\d{4}-[0-9a-f]{6}$/);
    expect(remoteGit('rev-parse', `${branch}^`).trim()).toBe(baseBefore);
    expect(remoteGit('show', `${branch}:NOTES.md`)).toContain('hostile fake agent');
    expect(remoteGit('log', '-1', '--format=%an <%ae>', branch).trim()).toBe('Night Owl <owl@e2e.invalid>');
  });

  it("leaves the developer's clone byte-identical: working tree, refs, hooks, config, index, worktree list, objects", () => {
    expect(cloneAfter).toStrictEqual(cloneBefore);
    expect(Object.keys(cloneBefore)).toEqual(expect.arrayContaining(['.git/config', '.git/HEAD', '.git/index', 'scratch.txt']));
  });

  it("runs none of the hooks, filters, fsmonitors, credential helpers or ext:: commands it planted, though it planted them all", () => {
    expect(report).toMatchObject({ 'own-git': { ok: true }, 'home-gitconfig': { ok: true }, 'gitfile-redirect': { ok: true } });
    expect(existsSync(join(home, '.gitconfig'))).toBe(true);
    expect(traps()).toStrictEqual([]);
  });

  it('moves no ref the runner or the developer relies on, whatever repository its .git leads it to', () => {
    // With no sandbox it reaches the runner's repository through the objects its .git borrows, and writes there...
    expect(String(report['reachable-repos']?.got)).toContain(`${join(dir, 'state', 'repo.git')}: refs moved to`);
    // ...to no effect: the remote's main, the pushed commit's parent and the clone are what they were.
    expect(remoteGit('rev-parse', 'main').trim()).toBe(baseBefore);
    // The branches: main, the session's, and the goal's claim (held until the PR is open), made on the real base.
    const claim = 'refs/heads/overnight-claims/config-0';
    expect(remoteGit('for-each-ref', '--format=%(refname)', 'refs/heads/').trim().split('\n').sort()).toStrictEqual([`refs/heads/${branch}`, 'refs/heads/main', claim].sort());
    expect(remoteGit('rev-parse', `${claim}^`).trim()).toBe(baseBefore);
  });

  it.runIf(process.platform === 'linux')('finds the token in no environment it can read, the runner’s own included', () => {
    const environ = report['proc-environ']?.got as { readable: number; parent: number; parentReadable: boolean; found: string[] };
    // It could read the runner's /proc/<pid>/environ (no sandbox yet), which held the token at exec...
    expect(environ.parentReadable).toBe(true);
    expect(environ.readable).toBeGreaterThan(1);
    // ...and found the variable there with its value erased, and the token nowhere else.
    expect(environ.found).toContain(`${environ.parent} GITHUB_TOKEN=`);
    const everything = JSON.stringify(report);
    expect(everything).not.toContain(info.ownerToken);
    expect(everything).not.toContain(Buffer.from(`x-access-token:${info.ownerToken}`).toString('base64'));
    expect(`${once.stdout}${once.stderr}`).not.toContain(info.ownerToken);
  });

  // Only the agent sandbox (sandbox.mode: "required") can stop these: they need the runner's
  // processes, the developer's files or the home directory out of the agent's reach.
  it.todo("cannot see the runner's processes at all: /proc/<pid>/environ, cmdline and mem (a PID namespace)");
  it.todo("cannot find the developer's clone through the runner's command line and write it (run the fixture with HOSTILE_SANDBOX_ATTACKS=1)");
  it.todo('cannot write the runner repository it borrows objects from (its objects dir is mounted read-only)');
  it.todo('cannot run `gh auth token` (~/.config/gh unreadable, no GH_* in its environment)');
  it.todo('cannot read ~/.ssh/id_rsa or write anywhere in $HOME');
  it.todo('leaves no process behind (`setsid sleep`) once `once` returns');
});
