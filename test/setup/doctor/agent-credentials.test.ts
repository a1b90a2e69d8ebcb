import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkAgentCredentials, type CredentialDeps } from '../../../src/setup/doctor/agent-credentials.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'overnight-agent-login-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const deps = (extra: Partial<CredentialDeps> = {}): CredentialDeps => ({
  env: {},
  home,
  platform: 'linux',
  exists: (path) => access(path).then(() => true, () => false),
  readFile: (path) => readFile(path, 'utf8'),
  keychainHas: async () => false,
  ...extra,
});
const put = (path: string, text = '{}') => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
};

describe('checkAgentCredentials: Claude Code', () => {
  it('finds the credentials file, also under CLAUDE_CONFIG_DIR', async () => {
    put(join(home, '.claude', '.credentials.json'));
    expect(await checkAgentCredentials('claude-code', 'claude-code', {}, deps())).toMatchObject({ status: 'ok', detail: `Claude Code is logged in (${join(home, '.claude', '.credentials.json')})` });
    put(join(home, 'alt', '.credentials.json'));
    rmSync(join(home, '.claude'), { recursive: true });
    expect(await checkAgentCredentials('claude-code', 'claude-code', {}, deps({ env: { CLAUDE_CONFIG_DIR: join(home, 'alt') } }))).toMatchObject({ status: 'ok' });
  });

  it('on macOS, the keychain item "Claude Code-credentials"', async () => {
    const asked: string[] = [];
    const keychainHas = async (service: string) => {
      asked.push(service);
      return true;
    };
    expect(await checkAgentCredentials('claude-code', 'claude-code', {}, deps({ platform: 'darwin', keychainHas }))).toMatchObject({ status: 'ok', detail: 'Claude Code is logged in (keychain item "Claude Code-credentials")' });
    expect(asked).toStrictEqual(['Claude Code-credentials']);
    // Elsewhere the keychain is never asked.
    await checkAgentCredentials('claude-code', 'claude-code', {}, deps({ keychainHas }));
    expect(asked).toHaveLength(1);
  });

  it('a key in the agent definition is enough; one only in this shell is a warning', async () => {
    expect(await checkAgentCredentials('claude', 'claude-code', { ANTHROPIC_API_KEY: 'k' }, deps())).toStrictEqual({ name: 'agent-login:claude', status: 'ok', detail: 'agents.defs.claude.env sets ANTHROPIC_API_KEY' });
    expect(await checkAgentCredentials('claude', 'claude-code', {}, deps({ env: { ANTHROPIC_API_KEY: 'k' } }))).toStrictEqual({
      name: 'agent-login:claude',
      status: 'warn',
      detail: 'ANTHROPIC_API_KEY is set in this shell only; the installed service does not inherit your shell’s variables',
      fix: 'run `claude` once and /login, or set it in agents.defs.claude.env',
    });
  });

  it('Bedrock or Vertex: a warning that doctor cannot check those', async () => {
    expect(await checkAgentCredentials('claude-code', 'claude-code', { CLAUDE_CODE_USE_BEDROCK: '1' }, deps())).toMatchObject({ status: 'warn', detail: expect.stringContaining('CLAUDE_CODE_USE_BEDROCK is set') });
  });

  it('nothing at all fails, naming every place looked', async () => {
    const check = await checkAgentCredentials('claude-code', 'claude-code', {}, deps({ platform: 'darwin' }));
    expect(check).toMatchObject({ status: 'fail', detail: `Claude Code is not logged in: no ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN, no ${join(home, '.claude', '.credentials.json')}, no keychain item "Claude Code-credentials"` });
  });
});

describe('checkAgentCredentials: Codex and aider', () => {
  it('Codex: auth.json under CODEX_HOME or ~/.codex', async () => {
    expect(await checkAgentCredentials('codex', 'codex', {}, deps())).toMatchObject({ status: 'fail', fix: 'run `codex login`, or set OPENAI_API_KEY in agents.defs.codex.env' });
    put(join(home, '.codex', 'auth.json'));
    expect(await checkAgentCredentials('codex', 'codex', {}, deps())).toMatchObject({ status: 'ok', detail: `Codex is logged in (${join(home, '.codex', 'auth.json')})` });
    expect(await checkAgentCredentials('codex', 'codex', {}, deps({ env: { CODEX_HOME: join(home, 'elsewhere') } }))).toMatchObject({ status: 'fail' });
  });

  it('Codex: a login kept in the OS keyring is a warning, not a failure', async () => {
    put(join(home, '.codex', 'config.toml'), 'model = "gpt-5-codex"\ncli_auth_credentials_store = "keyring"\n');
    expect(await checkAgentCredentials('codex', 'codex', {}, deps())).toMatchObject({ status: 'warn', fix: 'run `codex login status` to see it' });
  });

  it('aider: keys in the definition, the shell, or its config file; otherwise a warning', async () => {
    expect(await checkAgentCredentials('aider', 'aider', { OPENROUTER_API_KEY: 'k' }, deps())).toMatchObject({ status: 'ok' });
    expect(await checkAgentCredentials('aider', 'aider', {}, deps({ env: { OPENAI_API_KEY: 'k' } }))).toMatchObject({ status: 'warn' });
    expect(await checkAgentCredentials('aider', 'aider', {}, deps())).toMatchObject({ status: 'warn', detail: 'no model API key found for aider' });
    put(join(home, '.aider.conf.yml'), 'model: sonnet\n');
    expect(await checkAgentCredentials('aider', 'aider', {}, deps())).toMatchObject({ status: 'ok' });
  });

  it('a command agent has no login to check', async () => {
    expect(await checkAgentCredentials('mine', 'command', {}, deps())).toBeUndefined();
  });
});
