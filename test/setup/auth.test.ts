import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authLogin, authLogout, authStatus } from '../../src/setup/auth.js';

const API = 'https://api.github.com';
const TOKEN = ['ghp', 'Au5'.repeat(12)].join('_');
let dir: string;
// The file store, as on a machine without a keyring: the whole flow stays on disk in a temp dir.
const options = () => ({ apiUrl: API, store: { platform: 'linux' as const, configDir: join(dir, 'overnight'), findBin: () => undefined } });
const tokenFile = () => join(dir, 'overnight', 'token');

beforeEach(() => {
  nock.disableNetConnect();
  dir = mkdtempSync(join(tmpdir(), 'overnight-auth-'));
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  rmSync(dir, { recursive: true, force: true });
  expect(pending).toStrictEqual([]);
});

describe('auth login, status, logout', () => {
  it('login checks the token with GitHub, then stores it; status reads it back; logout removes it', async () => {
    nock(API, { reqheaders: { authorization: `token ${TOKEN}` } }).get('/user').twice().reply(200, { login: 'octocat' }, { 'x-oauth-scopes': 'repo, workflow' });
    const login = await authLogin(`${TOKEN}\n`, options());
    expect(login).toStrictEqual({ login: 'octocat', stored: { backend: 'file', where: tokenFile() }, warnings: [] });
    expect(readFileSync(tokenFile(), 'utf8')).toBe(`${TOKEN}\n`);
    expect(statSync(tokenFile()).mode & 0o777).toBe(0o600);

    const status = await authStatus(options());
    expect(status).toStrictEqual({
      status: { found: { backend: 'file', where: tokenFile() }, target: { backend: 'file', where: tokenFile() }, unusable: [{ backend: 'secret-service', why: '`secret-tool` not found' }] },
      login: 'octocat',
    });

    expect(await authLogout(options())).toStrictEqual([{ backend: 'file', where: tokenFile() }]);
    expect(existsSync(tokenFile())).toBe(false);
    expect((await authStatus(options())).status.found).toBeUndefined();
  });

  it('a token GitHub rejects is not stored', async () => {
    nock(API).get('/user').reply(401, { message: 'Bad credentials' });
    await expect(authLogin(TOKEN, options())).rejects.toThrow('GitHub rejected the token from the token you gave (github.token)');
    expect(existsSync(tokenFile())).toBe(false);
  });

  it('warns about a classic token without the repo scope, and stores it anyway', async () => {
    nock(API).get('/user').reply(200, { login: 'octocat' }, { 'x-oauth-scopes': 'read:org' });
    expect((await authLogin(TOKEN, options())).warnings).toStrictEqual(['the token\'s scopes are "read:org": reading issues and pushing to a private repository needs "repo"']);
  });

  it('status names a stored token GitHub no longer accepts, and a token file others can read', async () => {
    nock(API).get('/user').reply(200, { login: 'octocat' }).get('/user').reply(401, { message: 'Bad credentials' });
    await authLogin(TOKEN, options());
    expect((await authStatus(options())).problem).toBe(`GitHub rejected the token from ${tokenFile()} (github.token): it is wrong, expired or revoked`);
    chmodSync(tokenFile(), 0o644);
    expect((await authStatus(options())).problem).toContain(`run \`chmod 600 ${tokenFile()}\``);
  });
});
