import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deleteToken,
  readToken,
  storeToken,
  tokenStatus,
  TOKEN_SERVICE,
  TokenStoreError,
  type TokenStoreOptions,
} from '../../../../src/runner/github/token/token-store.js';

const FAKE_BIN = fileURLToPath(new URL('../../../fixtures/setup/bin', import.meta.url));
// Built at run time so no token-shaped literal sits in the repository.
const TOKEN = ['ghp', 'Zx9'.repeat(12)].join('_');

let dir: string;
let configDir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'overnight-token-'));
  configDir = join(dir, 'config', 'overnight');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The fake `security`/`secret-tool` first on PATH, node after it for their shebang. */
function options(platform: NodeJS.Platform, extraEnv: Record<string, string> = {}): TokenStoreOptions {
  return {
    platform,
    configDir,
    env: { PATH: `${FAKE_BIN}:${dirname(process.execPath)}`, FAKE_DIR: dir, HOME: dir, ...extraEnv },
  };
}

interface Call {
  tool: string;
  argv: string[];
  stdin: string;
}
const calls = (): Call[] =>
  existsSync(join(dir, 'calls.jsonl'))
    ? readFileSync(join(dir, 'calls.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Call)
    : [];
const tokenFile = () => join(configDir, 'token');

describe('the macOS keychain store', () => {
  it('stores, reads and deletes the token, never passing it in argv', async () => {
    const stored = await storeToken(TOKEN, 'octocat', options('darwin'));
    expect(stored).toStrictEqual({ backend: 'keychain', where: `the macOS login keychain (service ${TOKEN_SERVICE})` });
    expect(await readToken(options('darwin'))).toStrictEqual({ token: TOKEN, ...stored });
    expect(await tokenStatus(options('darwin'))).toMatchObject({ found: stored, target: stored, unusable: [] });
    expect(await deleteToken(options('darwin'))).toStrictEqual([stored]);
    expect(await readToken(options('darwin'))).toBeUndefined();

    const all = calls();
    expect(all.every((call) => call.tool === 'security')).toBe(true);
    expect(all.some((call) => call.argv.join(' ').includes(TOKEN))).toBe(false);
    // The token went in on stdin, as one `security -i` command line.
    const add = all.filter((call) => call.argv[0] === '-i');
    expect(add).toHaveLength(1);
    expect(add[0]?.stdin).toBe(`add-generic-password -U -a "octocat" -s "${TOKEN_SERVICE}" -l "overnight GitHub token" -w "${TOKEN}"\n`);
    expect(existsSync(tokenFile())).toBe(false);
  });

  it('replaces the token of an earlier login instead of keeping two items', async () => {
    const second = ['ghp', 'Ab1'.repeat(12)].join('_');
    await storeToken(TOKEN, 'octocat', options('darwin'));
    await storeToken(second, 'hubot', options('darwin'));
    const items = JSON.parse(readFileSync(join(dir, 'keychain.json'), 'utf8')) as Array<{ account: string; password: string }>;
    expect(items.map((item) => [item.account, item.password])).toStrictEqual([['hubot', second]]);
    expect(await readToken(options('darwin'))).toMatchObject({ token: second });
  });

  it('quotes an account name so the -i line parser reads it back exactly', async () => {
    await storeToken(TOKEN, 'odd "name" \\ here', options('darwin'));
    const items = JSON.parse(readFileSync(join(dir, 'keychain.json'), 'utf8')) as Array<{ account: string }>;
    expect(items[0]?.account).toBe('odd "name" \\ here');
  });

  it('falls back to the file when the keychain does not answer, and says why', async () => {
    const locked = options('darwin', { FAKE_KEYCHAIN_LOCKED: '1' });
    const stored = await storeToken(TOKEN, 'octocat', locked);
    expect(stored).toStrictEqual({ backend: 'file', where: tokenFile() });
    const status = await tokenStatus(locked);
    expect(status.found).toStrictEqual(stored);
    expect(status.unusable).toStrictEqual([
      { backend: 'keychain', why: 'the login keychain did not answer: security: SecKeychainSearchCopyNext: User interaction is not allowed.' },
    ]);
  });

  it('moves a token out of an old file once the keychain works', async () => {
    await storeToken(TOKEN, 'octocat', options('darwin', { FAKE_KEYCHAIN_LOCKED: '1' }));
    expect(existsSync(tokenFile())).toBe(true);
    await storeToken(TOKEN, 'octocat', options('darwin'));
    expect(existsSync(tokenFile())).toBe(false);
    expect(await readToken(options('darwin'))).toMatchObject({ backend: 'keychain', token: TOKEN });
  });
});

describe('the Secret Service store (secret-tool)', () => {
  it('stores through stdin, reads and clears', async () => {
    const stored = await storeToken(TOKEN, 'octocat', options('linux'));
    expect(stored.backend).toBe('secret-service');
    expect(await readToken(options('linux'))).toMatchObject({ token: TOKEN, backend: 'secret-service' });
    expect(await deleteToken(options('linux'))).toStrictEqual([stored]);
    expect(await readToken(options('linux'))).toBeUndefined();

    const all = calls();
    expect(all.some((call) => call.argv.join(' ').includes(TOKEN))).toBe(false);
    const store = all.filter((call) => call.argv[0] === 'store');
    expect(store).toStrictEqual([
      { tool: 'secret-tool', argv: ['store', '--label=overnight GitHub token', 'service', TOKEN_SERVICE, 'account', 'octocat'], stdin: TOKEN },
    ]);
  });

  it('is skipped without a D-Bus session: the token goes to a 0600 file in a 0700 directory', async () => {
    const headless = options('linux', { FAKE_NO_DBUS: '1' });
    const stored = await storeToken(TOKEN, 'octocat', headless);
    expect(stored).toStrictEqual({ backend: 'file', where: tokenFile() });
    expect(statSync(tokenFile()).mode & 0o777).toBe(0o600);
    expect(statSync(configDir).mode & 0o777).toBe(0o700);
    expect(readFileSync(tokenFile(), 'utf8')).toBe(`${TOKEN}\n`);
    expect(await readToken(headless)).toStrictEqual({ token: TOKEN, ...stored });
    expect((await tokenStatus(headless)).unusable).toStrictEqual([
      { backend: 'secret-service', why: 'secret-tool does not work here: secret-tool: Cannot autolaunch D-Bus without X11 $DISPLAY' },
    ]);
  });

  it('uses the file when secret-tool is not installed', async () => {
    const bare = { ...options('linux'), findBin: () => undefined };
    const status = await tokenStatus(bare);
    expect(status).toStrictEqual({ target: { backend: 'file', where: tokenFile() }, unusable: [{ backend: 'secret-service', why: '`secret-tool` not found' }] });
    expect(calls()).toStrictEqual([]);
  });
});

describe('the file store', () => {
  it('refuses a token file that others can read, naming the chmod', async () => {
    mkdirSync(configDir, { recursive: true, mode: 0o700 });
    writeFileSync(tokenFile(), `${TOKEN}\n`);
    chmodSync(tokenFile(), 0o644);
    const headless = options('linux', { FAKE_NO_DBUS: '1' });
    const refusal = readToken(headless);
    await expect(refusal).rejects.toBeInstanceOf(TokenStoreError);
    await expect(refusal).rejects.toThrow(`${tokenFile()} can be read by other users (mode 0644), so it is not used: run \`chmod 600 ${tokenFile()}\``);
    const status = await tokenStatus(headless);
    expect(status.found).toStrictEqual({ backend: 'file', where: tokenFile() });
    expect(status.problem).toContain(`chmod 600 ${tokenFile()}`);
    chmodSync(tokenFile(), 0o600);
    expect(await readToken(headless)).toMatchObject({ token: TOKEN });
  });

  it('tightens a loose file and directory when storing over them', async () => {
    mkdirSync(configDir, { recursive: true, mode: 0o755 });
    chmodSync(configDir, 0o755);
    writeFileSync(tokenFile(), 'old\n');
    chmodSync(tokenFile(), 0o666);
    await storeToken(TOKEN, 'octocat', options('freebsd'));
    expect(statSync(tokenFile()).mode & 0o777).toBe(0o600);
    expect(statSync(configDir).mode & 0o777).toBe(0o700);
    expect(readFileSync(tokenFile(), 'utf8')).toBe(`${TOKEN}\n`);
  });

  it('rejects an empty or multi-line token before touching any store', async () => {
    await expect(storeToken('  ', 'octocat', options('linux'))).rejects.toThrow('the token is empty or contains whitespace');
    await expect(storeToken(`${TOKEN}\nrm -rf`, 'octocat', options('darwin'))).rejects.toThrow('contains whitespace');
    expect(calls()).toStrictEqual([]);
  });

  it('deleting with nothing stored removes nothing', async () => {
    expect(await deleteToken(options('freebsd'))).toStrictEqual([]);
  });
});
