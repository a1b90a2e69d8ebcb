import { join } from 'node:path';
import type { AgentKind } from '../../runner/index.js';
import { fail, ok, warn, type DoctorCheck } from './types.js';

export interface CredentialDeps {
  env: NodeJS.ProcessEnv;
  home: string;
  platform: NodeJS.Platform;
  exists: (path: string) => Promise<boolean>;
  readFile: (path: string) => Promise<string>;
  /** True when the macOS login keychain holds a generic password for `service` (asked without -w). */
  keychainHas: (service: string) => Promise<boolean>;
}

// Where Claude Code keeps its login: ~/.claude/.credentials.json (mode 0600; $CLAUDE_CONFIG_DIR
// moves it), and on macOS the login keychain item "Claude Code-credentials" instead.
const CLAUDE_KEYCHAIN_ITEM = 'Claude Code-credentials';
const CLAUDE_KEYS = ['ANTHROPIC_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN'];
// Codex: $CODEX_HOME/auth.json (default ~/.codex), or an API key in the environment.
const CODEX_KEYS = ['OPENAI_API_KEY', 'CODEX_API_KEY'];
const AIDER_KEYS = ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'GEMINI_API_KEY', 'DEEPSEEK_API_KEY', 'OPENROUTER_API_KEY'];

const SHELL_ONLY = 'the installed service does not inherit your shell’s variables';

/**
 * Whether an agent can sign in to its model. Keys in the agent's own `env` in the config reach it
 * wherever the runner starts; keys only in this shell reach `overnight run` here but not the
 * launchd/systemd service, hence a warning.
 */
export async function checkAgentCredentials(name: string, kind: AgentKind, defEnv: Record<string, string>, deps: CredentialDeps): Promise<DoctorCheck | undefined> {
  const id = `agent-login:${name}`;
  const inDef = (keys: string[]) => keys.find((key) => defEnv[key]);
  const inShell = (keys: string[]) => keys.find((key) => deps.env[key]);
  const shellOnly = (key: string, login: string) => warn(id, `${key} is set in this shell only; ${SHELL_ONLY}`, `${login}, or set it in agents.defs.${name}.env`);

  if (kind === 'claude-code') {
    const key = inDef(CLAUDE_KEYS);
    if (key) return ok(id, `agents.defs.${name}.env sets ${key}`);
    const dir = deps.env.CLAUDE_CONFIG_DIR || join(deps.home, '.claude');
    const file = join(dir, '.credentials.json');
    if (await deps.exists(file)) return ok(id, `Claude Code is logged in (${file})`);
    if (deps.platform === 'darwin' && (await deps.keychainHas(CLAUDE_KEYCHAIN_ITEM))) return ok(id, `Claude Code is logged in (keychain item "${CLAUDE_KEYCHAIN_ITEM}")`);
    for (const provider of ['CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_VERTEX']) {
      if (defEnv[provider] || deps.env[provider]) return warn(id, `${provider} is set: Claude Code uses that cloud's credentials, which doctor does not check`);
    }
    const shell = inShell(CLAUDE_KEYS);
    if (shell) return shellOnly(shell, 'run `claude` once and /login');
    return fail(id, `Claude Code is not logged in: no ${CLAUDE_KEYS.join(' or ')}, no ${file}${deps.platform === 'darwin' ? `, no keychain item "${CLAUDE_KEYCHAIN_ITEM}"` : ''}`, `run \`claude\` once and /login, or set ANTHROPIC_API_KEY in agents.defs.${name}.env`);
  }

  if (kind === 'codex') {
    const key = inDef(CODEX_KEYS);
    if (key) return ok(id, `agents.defs.${name}.env sets ${key}`);
    const home = deps.env.CODEX_HOME || join(deps.home, '.codex');
    const file = join(home, 'auth.json');
    if (await deps.exists(file)) return ok(id, `Codex is logged in (${file})`);
    const config = await deps.readFile(join(home, 'config.toml')).catch(() => '');
    const store = /^\s*cli_auth_credentials_store\s*=\s*"(keyring|auto)"/m.exec(config)?.[1];
    if (store) return warn(id, `Codex keeps its login in the OS keyring (cli_auth_credentials_store = "${store}"), which doctor does not read`, 'run `codex login status` to see it');
    const shell = inShell(CODEX_KEYS);
    if (shell) return shellOnly(shell, 'run `codex login`');
    return fail(id, `Codex is not logged in: no ${CODEX_KEYS.join(' or ')}, no ${file}`, `run \`codex login\`, or set OPENAI_API_KEY in agents.defs.${name}.env`);
  }

  if (kind === 'aider') {
    const key = inDef(AIDER_KEYS);
    if (key) return ok(id, `agents.defs.${name}.env sets ${key}`);
    const shell = inShell(AIDER_KEYS);
    if (shell) return shellOnly(shell, 'put the key in ~/.aider.conf.yml');
    if (await deps.exists(join(deps.home, '.aider.conf.yml'))) return ok(id, `aider reads its settings from ${join(deps.home, '.aider.conf.yml')} (the key in it is not checked)`);
    return warn(id, 'no model API key found for aider', `set one (e.g. ANTHROPIC_API_KEY) in agents.defs.${name}.env or in ~/.aider.conf.yml`);
  }
  return undefined;
}
