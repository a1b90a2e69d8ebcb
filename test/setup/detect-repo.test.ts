import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InitError } from '../../src/setup/choose-remote.js';
import { detectBaseBranch } from '../../src/setup/detect-base-branch.js';
import { detectRepo, type DetectRepoOptions } from '../../src/setup/detect-repo.js';
import { createSetupGit } from '../../src/setup/setup-git.js';

const GITHUB_URL = 'https://github.com/acme/widgets.git';
let root: string;
let origin: string;
let clone: string;

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', ...args], { cwd, encoding: 'utf8' }).trim();

/**
 * A bare origin whose default branch is `trunk` (so no answer comes from guessing "main") and a
 * clone whose origin URL is the GitHub one, rewritten by insteadOf to the local bare repository:
 * fetch and ls-remote really run, and the configured URL is what a real clone has.
 */
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'overnight-detect-'));
  origin = join(root, 'origin.git');
  clone = join(root, 'widgets');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=trunk', origin);
  git(root, 'init', '--quiet', '--initial-branch=trunk', clone);
  git(clone, 'config', `url.${origin}.insteadOf`, GITHUB_URL);
  git(clone, 'remote', 'add', 'origin', GITHUB_URL);
  writeFileSync(join(clone, 'package.json'), JSON.stringify({ scripts: { test: 'vitest run' } }));
  mkdirSync(join(clone, 'src'));
  writeFileSync(join(clone, 'src', 'index.ts'), 'export {};\n');
  git(clone, 'add', '--all');
  git(clone, 'commit', '--quiet', '-m', 'initial');
  git(clone, 'push', '--quiet', 'origin', 'trunk');
  git(clone, 'fetch', '--quiet', 'origin');
  git(clone, 'remote', 'set-head', 'origin', '--auto');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const PATHS: Record<string, string> = { claude: '/opt/homebrew/bin/claude', aider: '/home/dev/.local/bin/aider' };
const options = (extra: DetectRepoOptions = {}): DetectRepoOptions => ({
  cwd: join(clone, 'src'),
  findExecutable: (name) => PATHS[name],
  timeZone: () => 'Europe/Berlin',
  ...extra,
});

describe('detectRepo', () => {
  it('reads a clone from a subdirectory: remote, GitHub repository, base from origin/HEAD, tests, agents', async () => {
    expect(await detectRepo(options())).toStrictEqual({
      path: clone,
      remote: 'origin',
      remoteUrl: GITHUB_URL,
      github: 'acme/widgets',
      apiUrl: 'https://api.github.com',
      base: 'trunk',
      baseFrom: 'origin/HEAD',
      timezone: 'Europe/Berlin',
      verify: { command: 'npm test', from: 'package.json has a test script' },
      agents: [
        { agent: 'claude-code', path: '/opt/homebrew/bin/claude' },
        { agent: 'aider', path: '/home/dev/.local/bin/aider' },
      ],
      defaultAgent: 'claude-code',
      notes: [],
    });
  });

  it('asks the remote with ls-remote when origin/HEAD was never recorded', async () => {
    git(clone, 'remote', 'set-head', 'origin', '--delete');
    const detected = await detectRepo(options({ repoPath: clone, cwd: root }));
    expect([detected.base, detected.baseFrom]).toStrictEqual(['trunk', 'the HEAD of origin (git ls-remote)']);
  });

  it('strips credentials from the URL and reads GitHub Enterprise remotes', async () => {
    git(clone, 'remote', 'set-url', 'origin', 'https://octocat:ghp_notreal@ghe.acme.test/platform/widgets.git');
    const detected = await detectRepo(options({ lsRemoteTimeoutMs: 2_000 }));
    expect(detected).toMatchObject({ remoteUrl: 'https://ghe.acme.test/platform/widgets.git', github: 'platform/widgets', apiUrl: 'https://ghe.acme.test/api/v3' });
    expect(JSON.stringify(detected)).not.toContain('ghp_notreal');
  });

  it('takes the only remote when there is no origin, and notes a remote that is not on GitHub', async () => {
    git(clone, 'remote', 'rename', 'origin', 'upstream');
    git(clone, 'remote', 'set-url', 'upstream', origin);
    const detected = await detectRepo(options({ findExecutable: () => undefined }));
    expect(detected).toMatchObject({ remote: 'upstream', remoteUrl: origin, base: 'trunk', apiUrl: 'https://api.github.com' });
    expect(detected.github).toBeUndefined();
    expect(detected.defaultAgent).toBeUndefined();
    expect(detected.notes).toStrictEqual([
      `remote "upstream" (${origin}) is not a GitHub URL: give repo.github as "owner/name"`,
      'no agent CLI found (claude, codex, aider): install one, e.g. `npm i -g @anthropic-ai/claude-code`',
    ]);
  });

  it('says what to do when the remote cannot be chosen', async () => {
    git(clone, 'remote', 'rename', 'origin', 'upstream');
    git(clone, 'remote', 'add', 'fork', 'git@github.com:me/widgets.git');
    await expect(detectRepo(options())).rejects.toThrow('has several remotes and none is "origin" (fork, upstream): pick one with --remote NAME');
    await expect(detectRepo(options({ remote: 'origin' }))).rejects.toThrow('has no remote "origin" (it has: fork, upstream)');
    expect((await detectRepo(options({ remote: 'fork', lsRemoteTimeoutMs: 2_000 }))).github).toBe('me/widgets');
    git(clone, 'remote', 'remove', 'fork');
    git(clone, 'remote', 'remove', 'upstream');
    await expect(detectRepo(options())).rejects.toThrow('has no git remote: add the GitHub repository with `git remote add origin <url>`');
  });

  it('refuses a directory outside any git repository, and one that does not exist', async () => {
    const plain = join(root, 'plain');
    mkdirSync(plain);
    const outside = detectRepo(options({ cwd: plain }));
    await expect(outside).rejects.toBeInstanceOf(InitError);
    await expect(outside).rejects.toThrow('the current directory is not inside a git repository: run `overnight init` in your clone, or pass --repo PATH');
    await expect(detectRepo(options({ repoPath: join(root, 'missing') }))).rejects.toThrow(`cannot run git in ${join(root, 'missing')}`);
  });
});

describe('detectBaseBranch when the remote is slow to answer', () => {
  // "ssh" that serves the real origin after a pause, as a host on a bad network would: ls-remote
  // would answer "trunk" if allowed to wait, so any other answer shows the timeout cut it off.
  let slowGit: ReturnType<typeof createSetupGit>;

  beforeEach(() => {
    const ssh = join(root, 'slow-ssh');
    writeFileSync(ssh, `#!/bin/sh\nsleep 1\nexec git-upload-pack '${origin}'\n`, { mode: 0o755 });
    slowGit = createSetupGit({ env: { ...process.env, GIT_SSH_COMMAND: ssh } });
    git(clone, 'remote', 'set-head', 'origin', '--delete');
    git(clone, 'remote', 'set-url', 'origin', 'ssh://git@github.invalid/acme/widgets.git');
  });

  it('the slow remote does answer when given time', async () => {
    expect(await detectBaseBranch(slowGit, clone, 'origin', { lsRemoteTimeoutMs: 10_000 })).toStrictEqual({ branch: 'trunk', from: 'the HEAD of origin (git ls-remote)' });
  });

  it('gives up on ls-remote after the timeout and takes a local main or master', async () => {
    git(clone, 'branch', '-m', 'trunk', 'master');
    git(clone, 'update-ref', '-d', 'refs/remotes/origin/trunk');
    expect(await detectBaseBranch(slowGit, clone, 'origin', { lsRemoteTimeoutMs: 300 })).toStrictEqual({ branch: 'master', from: 'master exists' });
    git(clone, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
    expect(await detectBaseBranch(slowGit, clone, 'origin', { lsRemoteTimeoutMs: 300 })).toStrictEqual({ branch: 'main', from: 'origin/main exists' });
  });

  it('falls back to main when neither exists', async () => {
    git(clone, 'update-ref', '-d', 'refs/remotes/origin/trunk');
    expect(await detectBaseBranch(slowGit, clone, 'origin', { lsRemoteTimeoutMs: 300 })).toStrictEqual({ branch: 'main', from: 'the default' });
  });
});
