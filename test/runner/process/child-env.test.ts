import { describe, expect, it } from 'vitest';
import { childEnv } from '../../../src/runner/process/child-env.js';

const classic = (name: string) => [name, 'Q'.repeat(36)].join('_');
const hex40 = 'a3f9c2d81b7e4f6a0c5d9e2b8f1a7c3d4e6b0f92';

/** A developer's shell, as a launchd or systemd unit (or `overnight once` in a terminal) hands it to the runner. */
const RUNNER_ENV: NodeJS.ProcessEnv = {
  PATH: '/opt/homebrew/bin:/usr/bin:/bin',
  HOME: '/Users/dev',
  USER: 'dev',
  LOGNAME: 'dev',
  LANG: 'en_US.UTF-8',
  LC_ALL: 'en_US.UTF-8',
  LC_CTYPE: 'UTF-8',
  TERM: 'xterm-256color',
  TMPDIR: '/var/folders/xy/T/',
  SHELL: '/bin/zsh',
  HTTPS_PROXY: 'http://proxy.corp:3128',
  https_proxy: 'http://proxy.corp:3128',
  NO_PROXY: 'localhost,.corp',
  // Model credentials.
  ANTHROPIC_API_KEY: 'sk-ant-api03-abc',
  ANTHROPIC_BASE_URL: 'https://gateway.corp/anthropic',
  CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-xyz',
  OPENAI_API_KEY: 'sk-proj-123',
  OPENAI_BASE_URL: 'https://gateway.corp/openai',
  CODEX_HOME: '/Users/dev/.codex',
  GEMINI_API_KEY: 'AIza-gemini',
  OPENROUTER_API_KEY: 'sk-or-1',
  DEEPSEEK_API_KEY: 'sk-ds-1',
  AIDER_DARK_MODE: 'true',
  // Everything below must reach no agent and no verify command.
  GITHUB_TOKEN: 'from-the-runner',
  GH_TOKEN: 'from-gh',
  GH_CONFIG_DIR: '/Users/dev/.config/gh',
  HOMEBREW_GITHUB_API_TOKEN: 'brew',
  HUB_TOKEN: hex40,
  INNOCENT_NAME: classic('ghp'),
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'FwoGZXIvYXdzE',
  AWS_PROFILE: 'prod-admin',
  NPM_TOKEN: 'npm_abcdef',
  VAULT_TOKEN: 'hvs.CAESI',
  GITLAB_TOKEN: 'glpat-xyz',
  KUBECONFIG: '/Users/dev/.kube/prod',
  GOOGLE_APPLICATION_CREDENTIALS: '/Users/dev/gcp-sa.json',
  GIT_SSH_COMMAND: 'ssh -i ~/.ssh/deploy',
  SSH_AUTH_SOCK: '/private/tmp/com.apple.launchd/Listeners',
  GIT_ASKPASS: '/usr/local/bin/askpass',
  GIT_CONFIG_COUNT: '1',
  GIT_CONFIG_KEY_0: 'http.https://github.com/.extraheader',
  GIT_CONFIG_VALUE_0: 'AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46c2VjcmV0',
  DATABASE_URL: 'postgres://admin:hunter2@db.corp/prod',
  OVERNIGHT_HOME: '/Users/dev/.overnight',
  SECRET_SAUCE: 'anything',
};

const NEVER = [
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'GH_CONFIG_DIR',
  'HOMEBREW_GITHUB_API_TOKEN',
  'HUB_TOKEN',
  'INNOCENT_NAME',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'NPM_TOKEN',
  'VAULT_TOKEN',
  'GITLAB_TOKEN',
  'KUBECONFIG',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'GIT_SSH_COMMAND',
  'SSH_AUTH_SOCK',
  'GIT_ASKPASS',
  'GIT_CONFIG_COUNT',
  'GIT_CONFIG_KEY_0',
  'GIT_CONFIG_VALUE_0',
  'DATABASE_URL',
  'OVERNIGHT_HOME',
  'SECRET_SAUCE',
];

const BASE = {
  PATH: '/opt/homebrew/bin:/usr/bin:/bin',
  HOME: '/Users/dev',
  USER: 'dev',
  LOGNAME: 'dev',
  LANG: 'en_US.UTF-8',
  LC_ALL: 'en_US.UTF-8',
  LC_CTYPE: 'UTF-8',
  TERM: 'xterm-256color',
  TMPDIR: '/var/folders/xy/T/',
  SHELL: '/bin/zsh',
  HTTPS_PROXY: 'http://proxy.corp:3128',
  https_proxy: 'http://proxy.corp:3128',
  NO_PROXY: 'localhost,.corp',
};

describe('childEnv: an allow-list, never the runner environment minus a few names', () => {
  it('gives Claude Code the basics and its own ANTHROPIC_* and CLAUDE_CODE_* keys, nothing else', () => {
    expect(childEnv({ purpose: 'claude-code', from: RUNNER_ENV })).toStrictEqual({
      ...BASE,
      ANTHROPIC_API_KEY: 'sk-ant-api03-abc',
      ANTHROPIC_BASE_URL: 'https://gateway.corp/anthropic',
      CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-xyz',
    });
  });

  it('gives Codex its OpenAI keys and CODEX_*', () => {
    expect(childEnv({ purpose: 'codex', from: RUNNER_ENV })).toStrictEqual({
      ...BASE,
      OPENAI_API_KEY: 'sk-proj-123',
      OPENAI_BASE_URL: 'https://gateway.corp/openai',
      CODEX_HOME: '/Users/dev/.codex',
    });
  });

  it('gives aider the provider keys it documents and AIDER_*', () => {
    expect(childEnv({ purpose: 'aider', from: RUNNER_ENV })).toStrictEqual({
      ...BASE,
      ANTHROPIC_API_KEY: 'sk-ant-api03-abc',
      OPENAI_API_KEY: 'sk-proj-123',
      OPENAI_BASE_URL: 'https://gateway.corp/openai',
      GEMINI_API_KEY: 'AIza-gemini',
      OPENROUTER_API_KEY: 'sk-or-1',
      DEEPSEEK_API_KEY: 'sk-ds-1',
      AIDER_DARK_MODE: 'true',
    });
  });

  it('gives the verify command and a command agent the basics only: no model key', () => {
    expect(childEnv({ purpose: 'verify', from: RUNNER_ENV })).toStrictEqual(BASE);
    expect(childEnv({ purpose: 'command', from: RUNNER_ENV })).toStrictEqual(BASE);
  });

  it.each(['claude-code', 'codex', 'aider', 'command', 'verify'] as const)('lets no secret of the runner reach %s', (purpose) => {
    const env = childEnv({ purpose, from: RUNNER_ENV });
    for (const name of NEVER) expect(env, name).not.toHaveProperty(name);
    for (const value of Object.values(env)) expect(value).not.toMatch(/ghp_|hunter2|AKIA|hvs\.|glpat-|npm_/);
  });

  it('adds what passEnv names and the definition sets; the runner sets HOME and TMPDIR last', () => {
    const env = childEnv({
      purpose: 'command',
      from: RUNNER_ENV,
      passEnv: ['DATABASE_URL', 'AWS_PROFILE', 'NOT_SET_ANYWHERE'],
      defaults: { npm_config_cache: '/state/tmp/s1/npm-cache', XDG_CACHE_HOME: '/state/tmp/s1/cache' },
      env: { npm_config_cache: '/srv/npm', MODE: 'night', HOME: '/elsewhere' },
      fixed: { HOME: '/Users/dev', TMPDIR: '/state/tmp/s1' },
    });
    expect(env).toMatchObject({
      DATABASE_URL: 'postgres://admin:hunter2@db.corp/prod',
      AWS_PROFILE: 'prod-admin',
      npm_config_cache: '/srv/npm',
      XDG_CACHE_HOME: '/state/tmp/s1/cache',
      MODE: 'night',
      HOME: '/Users/dev',
      TMPDIR: '/state/tmp/s1',
    });
    expect(env).not.toHaveProperty('NOT_SET_ANYWHERE');
  });

  it('drops a GitHub credential even when passEnv or env asks for it (the config refuses them too)', () => {
    const env = childEnv({
      purpose: 'claude-code',
      from: RUNNER_ENV,
      passEnv: ['GITHUB_TOKEN', 'GH_TOKEN', 'HUB_TOKEN', 'INNOCENT_NAME', 'GIT_CONFIG_VALUE_0', 'SSH_AUTH_SOCK', 'OVERNIGHT_HOME'],
      env: { GH_ENTERPRISE_TOKEN: 'x', HELPER: classic('ghs'), PAT: ['github', 'pat', 'A'.repeat(30)].join('_') },
    });
    for (const name of ['GITHUB_TOKEN', 'GH_TOKEN', 'HUB_TOKEN', 'INNOCENT_NAME', 'GIT_CONFIG_VALUE_0', 'SSH_AUTH_SOCK', 'OVERNIGHT_HOME', 'GH_ENTERPRISE_TOKEN', 'HELPER', 'PAT']) {
      expect(env, name).not.toHaveProperty(name);
    }
    // A classic 40-hex token has no shape to recognise: under a name of its own it would pass
    // only if passEnv named it, which is why nothing but the allow-list gets through by default.
    expect(childEnv({ purpose: 'command', from: { CI_HELPER: hex40 }, passEnv: ['CI_HELPER'] })).toStrictEqual({ CI_HELPER: hex40 });
  });

  it('keeps every LC_ variable but no look-alike', () => {
    const env = childEnv({ purpose: 'verify', from: { LC_TIME: 'de_DE.UTF-8', LC_MESSAGES: 'C', LCX: '1', lc_all: 'x' } });
    expect(env).toStrictEqual({ LC_TIME: 'de_DE.UTF-8', LC_MESSAGES: 'C' });
  });
});
