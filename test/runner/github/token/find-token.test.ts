import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findToken } from '../../../../src/runner/github/token/find-token.js';
import { storeToken } from '../../../../src/runner/github/token/token-store.js';

const TOKEN = ['ghp', 'Qw7'.repeat(12)].join('_');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'overnight-find-token-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in `gh` that logs its argv and prints $FAKE_GH_TOKEN (nothing, exit 1, when unset). */
function fakeGh(): string {
  const gh = join(dir, 'gh');
  writeFileSync(gh, `#!/bin/sh\necho "$@" >> "${dir}/gh-argv"\n[ -n "$FAKE_GH_TOKEN" ] || { echo "no oauth token found for github.com" >&2; exit 1; }\necho "$FAKE_GH_TOKEN"\n`);
  chmodSync(gh, 0o755);
  return gh;
}

describe('findToken', () => {
  it('env: GITHUB_TOKEN first, then GH_TOKEN, naming which', async () => {
    expect(await findToken({ mode: 'env', env: { GITHUB_TOKEN: TOKEN, GH_TOKEN: 'other' } })).toStrictEqual({ ok: true, token: TOKEN, source: 'GITHUB_TOKEN' });
    expect(await findToken({ mode: 'env', env: { GITHUB_TOKEN: ' ', GH_TOKEN: TOKEN } })).toStrictEqual({ ok: true, token: TOKEN, source: 'GH_TOKEN' });
    const missing = await findToken({ mode: 'env', env: {} });
    expect(missing).toMatchObject({ ok: false, reason: 'github.token is "env" but neither GITHUB_TOKEN nor GH_TOKEN is set' });
  });

  it('gh: runs `gh auth token`, with --hostname for GitHub Enterprise', async () => {
    const gh = fakeGh();
    const env = { PATH: process.env.PATH, FAKE_GH_TOKEN: TOKEN };
    expect(await findToken({ mode: 'gh', env, findGh: () => gh })).toStrictEqual({ ok: true, token: TOKEN, source: '`gh auth token`' });
    expect(await findToken({ mode: 'gh', env, host: 'ghe.acme.test', findGh: () => gh })).toMatchObject({ ok: true, source: '`gh auth token --hostname ghe.acme.test`' });
    expect(readFileSync(join(dir, 'gh-argv'), 'utf8')).toBe('auth token\nauth token --hostname ghe.acme.test\n');
  });

  it('gh: says to log in when gh has no token, and to install it when it is missing', async () => {
    const gh = fakeGh();
    expect(await findToken({ mode: 'gh', env: { PATH: process.env.PATH }, findGh: () => gh })).toStrictEqual({
      ok: false,
      reason: '`gh auth token` printed no token',
      fix: 'run `gh auth login`',
    });
    expect(await findToken({ mode: 'gh', findGh: () => undefined })).toMatchObject({ ok: false, reason: expect.stringContaining('the gh CLI was not found') });
  });

  it('store: reads what `overnight auth login` stored, naming the store', async () => {
    const store = { platform: 'freebsd' as const, configDir: join(dir, 'config') };
    expect(await findToken({ mode: 'store', store })).toStrictEqual({ ok: false, reason: 'github.token is "store" but no token is stored', fix: 'run `overnight auth login`' });
    await storeToken(TOKEN, 'octocat', store);
    expect(await findToken({ mode: 'store', store })).toStrictEqual({ ok: true, token: TOKEN, source: join(dir, 'config', 'token') });
  });

  it('store: a token file others can read is reported, not used', async () => {
    const configDir = join(dir, 'config');
    mkdirSync(configDir);
    writeFileSync(join(configDir, 'token'), TOKEN);
    chmodSync(join(configDir, 'token'), 0o640);
    const found = await findToken({ mode: 'store', store: { platform: 'freebsd', configDir } });
    expect(found).toMatchObject({ ok: false, reason: expect.stringContaining(`chmod 600 ${join(configDir, 'token')}`) });
  });
});

describe('findToken with a keyring that does not answer', () => {
  it('says which store could not be used', async () => {
    const found = await findToken({
      mode: 'store',
      readStored: async () => undefined,
      storeStatus: async () => ({ target: { backend: 'file', where: '/x/token' }, unusable: [{ backend: 'secret-service', why: 'secret-tool does not work here: secret-tool: Cannot autolaunch D-Bus without X11 $DISPLAY' }] }),
    });
    expect(found).toStrictEqual({
      ok: false,
      reason: 'github.token is "store" but no token is stored; secret-service could not be used: secret-tool does not work here: secret-tool: Cannot autolaunch D-Bus without X11 $DISPLAY',
      fix: 'run `overnight auth login`',
    });
  });
});
