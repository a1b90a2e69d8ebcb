import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli, writeScript } from './cli-harness.js';

const API = 'https://api.github.com';
// Built at run time so no token-shaped literal sits in the repository.
const TOKEN = ['ghp', 'Cl1'.repeat(12)].join('_');
let root: string;
let bin: string;
const tokenFile = () => join(root, 'overnight', 'token');

/** What the user pipes into the command: `echo TOKEN | overnight auth login --with-token`. */
function pipeStdin(text: string): void {
  const stdin = new PassThrough();
  stdin.end(text);
  vi.spyOn(process, 'stdin', 'get').mockReturnValue(stdin as unknown as typeof process.stdin);
}

beforeEach(() => {
  nock.disableNetConnect();
  root = mkdtempSync(join(tmpdir(), 'overnight-auth-cli-'));
  bin = join(root, 'bin');
  // Neither keyring answers here (as over SSH or in a headless box), so the token goes to the file store.
  writeScript(bin, 'secret-tool', 'echo "Cannot autolaunch D-Bus without X11 \\$DISPLAY" >&2; exit 1');
  writeScript(bin, 'security', 'echo "security: SecKeychainSearchCopyNext: User interaction is not allowed." >&2; exit 36');
  vi.stubEnv('PATH', `${bin}:/usr/bin:/bin`);
  vi.stubEnv('HOME', join(root, 'home'));
  vi.stubEnv('OVERNIGHT_HOME', join(root, 'overnight'));
  vi.stubEnv('GITHUB_TOKEN', '');
  vi.stubEnv('GH_TOKEN', '');
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  rmSync(root, { recursive: true, force: true });
  expect(pending).toStrictEqual([]);
});

describe('overnight auth', () => {
  it('login --with-token, status, logout: a round trip through the file store', async () => {
    nock(API, { reqheaders: { authorization: `token ${TOKEN}` } }).get('/user').twice().reply(200, { login: 'octocat' }, { 'x-oauth-scopes': 'repo, workflow' });
    pipeStdin(`${TOKEN}\n`);
    let result = await runCli('auth', 'login', '--with-token');
    expect(result).toStrictEqual({ code: 0, stdout: `logged in to github.com as octocat; the token is in ${tokenFile()}\n`, stderr: '' });
    expect(readFileSync(tokenFile(), 'utf8')).toBe(`${TOKEN}\n`);
    expect(statSync(tokenFile()).mode & 0o777).toBe(0o600);

    result = await runCli('auth', 'status');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`logged in to github.com as octocat; the token is in ${tokenFile()}\n`);
    expect(result.stdout).toContain('secret-service not used: secret-tool does not work here: Cannot autolaunch D-Bus');
    expect(result.stdout + result.stderr).not.toContain(TOKEN);

    result = await runCli('auth', 'logout');
    expect(result).toStrictEqual({ code: 0, stdout: `removed the token from ${tokenFile()}\n`, stderr: '' });
    expect(existsSync(tokenFile())).toBe(false);
    result = await runCli('auth', 'status');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`no token is stored; \`overnight auth login\` would put it in ${tokenFile()}\n`);
    expect((await runCli('auth', 'logout')).stdout).toBe('no token was stored\n');
  });

  it('without --with-token takes the token of a logged-in gh, for the config’s GitHub Enterprise host', async () => {
    writeScript(bin, 'gh', `[ "$*" = "auth token --hostname ghe.acme.test" ] && echo ${TOKEN}`);
    const config = join(root, 'config.json');
    writeFileSync(config, JSON.stringify({ repo: { path: root, github: 'acme/widgets' }, github: { apiUrl: 'https://ghe.acme.test/api/v3', token: 'env' }, schedule: { window: { start: '01:00', end: '05:00' }, every: '30m' } }));
    nock('https://ghe.acme.test/api/v3').get('/user').reply(200, { login: 'dev' });
    const result = await runCli('auth', 'login', '--config', config);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`logged in to ghe.acme.test as dev; the token is in ${tokenFile()}\n`);
    expect(result.stderr).toBe(`using the token of \`gh auth token --hostname ghe.acme.test\`\nnote: ${config} has github.token "env"; set it to "store" for the runner to use this token\n`);
  });

  it('a token GitHub rejects is not stored (exit 1); no token at all is exit 2', async () => {
    nock(API).get('/user').reply(401, { message: 'Bad credentials' });
    pipeStdin('ghp_wrong\n');
    let result = await runCli('auth', 'login', '--with-token');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('overnight auth login: GitHub rejected the token from the token you gave (github.token): it is wrong, expired or revoked\n');
    expect(existsSync(tokenFile())).toBe(false);

    pipeStdin('');
    result = await runCli('auth', 'login');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^overnight auth login: no token given and .*: pipe one in with `overnight auth login --with-token`, or run `gh auth login` first\n$/);
  });

  it('a bad config is exit 2, naming the field', async () => {
    const config = join(root, 'config.json');
    writeFileSync(config, JSON.stringify({ repo: { path: root, github: 'acme/widgets' }, github: { token: 'keychain' } }));
    const result = await runCli('auth', 'status', '--config', config);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('github.token');
  });
});
