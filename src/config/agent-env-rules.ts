/**
 * Environment variables no agent and no verify command may ever receive, whatever the config
 * says: the runner pushes, never the agent, so nothing that grants push access may reach it.
 * The config refuses them in `env` and `passEnv`; the runner drops them again when it builds a
 * child's environment.
 */
const CREDENTIAL_NAMES = new Set([
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'GH_ENTERPRISE_TOKEN',
  'GITHUB_ENTERPRISE_TOKEN',
  'GITHUB_PAT',
  // hub's old name for it; GitHub's classic tokens (40 hex digits) have no shape to recognise.
  'HUB_TOKEN',
  // Other routes to push access: the SSH agent holding the developer's keys, askpass helpers that
  // hand out stored credentials, gh's own config (its token lives there).
  'SSH_AUTH_SOCK',
  'GIT_ASKPASS',
  'SSH_ASKPASS',
  'GH_CONFIG_DIR',
  // The bot's secrets, should the runner share a shell with it.
  'WEBHOOK_SECRET',
  'PRIVATE_KEY',
  'PRIVATE_KEY_PATH',
  'GITHUB_CLIENT_SECRET',
  // Git config passed by environment carries the runner's own push credential.
  'GIT_CONFIG_COUNT',
  'GIT_CONFIG_PARAMETERS',
]);

const CREDENTIAL_PATTERNS = [
  /^GIT_CONFIG_(KEY|VALUE)_\d+$/,
  // A GitHub credential under another name: HOMEBREW_GITHUB_API_TOKEN, GH_PAT, GITHUB_APP_KEY...
  /(^|_)(GITHUB|GH)(_.*)?_(TOKEN|PAT|SECRET|PASSWORD|KEY)$/,
  // overnight's own settings say where the runner keeps its state.
  /^OVERNIGHT_/,
];

/** A value that is a GitHub token, whatever the variable is called. */
export const GITHUB_TOKEN_VALUE = /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/;

/** Whether an environment variable of this name must never reach an agent or the verify command. */
export function isForbiddenEnvName(name: string): boolean {
  const upper = name.toUpperCase();
  return CREDENTIAL_NAMES.has(upper) || CREDENTIAL_PATTERNS.some((pattern) => pattern.test(upper));
}

/** Why a name cannot be given to an agent, as a config problem ("expected ..., got ..."). */
export function forbiddenEnvReason(name: string): string {
  const upper = name.toUpperCase();
  if (upper.startsWith('OVERNIGHT_')) return `expected a variable of the agent's own, got "${name}": overnight's settings stay with the runner`;
  if (upper.startsWith('GIT_CONFIG_')) return `expected no git config by environment, got "${name}": it carries the runner's push credential`;
  return `expected no GitHub credential, got "${name}": agents never get one (the runner pushes, never the agent)`;
}

export const TOKEN_VALUE_PROBLEM = 'expected no GitHub token, got one: agents never get one (the runner pushes, never the agent)';
