import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGit, HARDENED_CONFIG } from '../../../src/runner/git/git.js';
import { hardenedGitEnv } from '../../../src/runner/git/hardened-env.js';
import { credentialFor } from '../../../src/runner/git/push-credential.js';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.js';

const TLS = fileURLToPath(new URL('../../fixtures/runner/tls/', import.meta.url));
const TOKEN = 'ghs_runnerOnlyToken0123456789abcdefABCD';

let repo: TempRepo;
beforeEach(() => {
  repo = createTempRepo();
});
afterEach(() => repo.cleanup());

/** A git smart-HTTP endpoint that wants Basic auth, records what each request carried, and then has no repository. */
async function httpsRemote(): Promise<{ url: (host: string) => string; seen: Array<{ host: string; auth: string | null }>; server: Server }> {
  const seen: Array<{ host: string; auth: string | null }> = [];
  const server = createServer({ key: readFileSync(join(TLS, 'localhost.key')), cert: readFileSync(join(TLS, 'localhost.crt')) }, (request, response) => {
    seen.push({ host: request.headers.host ?? '', auth: request.headers.authorization ?? null });
    if (!request.headers.authorization) {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' });
      return response.end();
    }
    response.writeHead(404);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: (host) => `https://${host}:${port}/acme/widgets.git`, seen, server };
}

describe("the runner's git", () => {
  it('hands the token to git on fd 3 only: the server gets it, no argv or environment holds it', async () => {
    const remote = await httpsRemote();
    const calls: Array<{ args: readonly string[]; env: Record<string, string | undefined> }> = [];
    const exec = ((bin: string, args: readonly string[], options: { env: Record<string, string | undefined> }) => {
      calls.push({ args, env: options.env });
      return execa(bin, args, options);
    }) as unknown as typeof execa;
    const git = createGit({ exec, env: { ...process.env, GIT_SSL_CAINFO: join(TLS, 'localhost.crt') } });
    try {
      const url = remote.url('127.0.0.1');
      const result = await git(['ls-remote', url], { cwd: repo.root, credential: { url, token: TOKEN }, allowFailure: true });
      expect(result.stderr).toContain('not found');
      expect(remote.seen).toStrictEqual([
        { host: expect.stringMatching(/^127\.0\.0\.1:/), auth: null },
        { host: expect.stringMatching(/^127\.0\.0\.1:/), auth: `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}` },
      ]);
      const visible = JSON.stringify(calls);
      expect(visible).not.toContain(TOKEN);
      expect(visible).not.toContain(Buffer.from(`x-access-token:${TOKEN}`).toString('base64'));
    } finally {
      remote.server.close();
    }
  });

  it('gives the token to no other host: a request that lands elsewhere gets no helper answer', async () => {
    const remote = await httpsRemote();
    const git = createGit({ env: { ...process.env, GIT_SSL_CAINFO: join(TLS, 'localhost.crt') } });
    try {
      // The credential is for 127.0.0.1; the command goes to localhost, as a rewritten or redirected URL would.
      const result = await git(['ls-remote', remote.url('localhost')], { cwd: repo.root, credential: { url: remote.url('127.0.0.1'), token: TOKEN }, allowFailure: true });
      expect(result.exitCode).not.toBe(0);
      expect(remote.seen.map((request) => request.auth)).toStrictEqual([null]);
    } finally {
      remote.server.close();
    }
  });

  it('needs the token only for an HTTPS remote', () => {
    expect(credentialFor('https://github.com/acme/widgets.git', TOKEN)).toStrictEqual({ url: 'https://github.com/acme/widgets.git', token: TOKEN });
    expect(credentialFor('git@github.com:acme/widgets.git', TOKEN)).toBeUndefined();
    expect(credentialFor('ssh://git@github.com/acme/widgets.git', TOKEN)).toBeUndefined();
    expect(credentialFor('/tmp/origin.git', TOKEN)).toBeUndefined();
    // Plain HTTP is refused by the protocol settings anyway; the token would travel in clear.
    expect(credentialFor('http://github.example/acme/widgets.git', TOKEN)).toBeUndefined();
    expect(credentialFor('https://github.com/acme/widgets.git', undefined)).toBeUndefined();
  });

  it('runs a command that never asks for the token as any other', async () => {
    const git = createGit();
    const result = await git(['ls-remote', repo.origin, 'refs/heads/main'], { cwd: repo.root, credential: { url: 'https://github.com/acme/widgets.git', token: TOKEN } });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/\trefs\/heads\/main\n$/);
  });

  it('reads no config from the home directory: an insteadOf to ext:: in ~/.gitconfig runs nothing', async () => {
    const home = join(repo.root, 'home');
    const marker = join(repo.root, 'pwned');
    mkdirSync(join(home, '.config', 'git'), { recursive: true });
    const gitconfig = [`[url "ext::sh -c touch% ${marker}% >&2"]`, `\tinsteadOf = ${repo.origin}`, '[protocol "ext"]', '\tallow = always', ''].join('\n');
    writeFileSync(join(home, '.gitconfig'), gitconfig);
    writeFileSync(join(home, '.config', 'git', 'ignore'), '*\n');
    const git = createGit({ env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') } });
    const listed = await git(['ls-remote', repo.origin, 'refs/heads/main'], { cwd: repo.root });
    expect(listed.stdout).toMatch(/^[0-9a-f]{40}\trefs\/heads\/main\n$/);
    // The global ignore file would hide every file from `add`.
    writeFileSync(join(repo.dev, 'NEW.md'), 'new\n');
    await git(['add', '--all'], { gitDir: join(repo.dev, '.git'), workTree: repo.dev });
    expect(repo.git(repo.dev, 'diff', '--cached', '--name-only')).toBe('NEW.md\n');
    expect(existsSync(marker)).toBe(false);
    // The same config, read the ordinary way, runs the command (which then fails as a transport): the trap is armed.
    spawnSync('git', ['ls-remote', repo.origin], { cwd: repo.root, env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1' }, stdio: 'ignore' });
    expect(existsSync(marker)).toBe(true);
  });

  it('refuses ext:: even when a repository config allows it, since protocol.ext.allow is set on the command line', async () => {
    const marker = join(repo.root, 'pwned');
    const config = join(repo.origin, 'config');
    writeFileSync(config, `${readFileSync(config, 'utf8')}[protocol "ext"]\n\tallow = always\n`);
    const git = createGit();
    const result = await git(['ls-remote', `ext::sh -c touch% ${marker}% >&2`], { gitDir: repo.origin, allowFailure: true });
    expect(result.stderr).toContain("transport 'ext' not allowed");
    expect(existsSync(marker)).toBe(false);
  });

  it('keeps no variable that would point git at another repository, config or program, and no token', () => {
    const env = hardenedGitEnv(
      {
        PATH: '/usr/bin',
        HOME: '/home/dev',
        GIT_DIR: '/elsewhere/.git',
        GIT_WORK_TREE: '/elsewhere',
        GIT_INDEX_FILE: '/elsewhere/index',
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'core.fsmonitor',
        GIT_CONFIG_VALUE_0: 'touch /tmp/x',
        GIT_CONFIG_PARAMETERS: "'core.hookspath'='/tmp/hooks'",
        GIT_EXTERNAL_DIFF: '/tmp/diff',
        GIT_ASKPASS: '/tmp/askpass',
        GIT_TRACE_CURL: '1',
        GIT_SSH_COMMAND: 'ssh -i /home/dev/.ssh/work',
        GIT_SSL_CAINFO: '/etc/corp-ca.pem',
        GITHUB_TOKEN: TOKEN,
        GH_TOKEN: TOKEN,
        https_proxy: 'http://proxy:3128',
      },
      '/state/git/config',
    );
    expect(env).toStrictEqual({
      PATH: '/usr/bin',
      HOME: '/home/dev',
      GIT_SSH_COMMAND: 'ssh -i /home/dev/.ssh/work',
      GIT_SSL_CAINFO: '/etc/corp-ca.pem',
      https_proxy: 'http://proxy:3128',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/state/git/config',
      GIT_TERMINAL_PROMPT: '0',
      GIT_NO_REPLACE_OBJECTS: '1',
      LC_ALL: 'C',
    });
    expect(HARDENED_CONFIG).toContain('core.hooksPath=/dev/null');
  });
});
