/**
 * Variables an agent must never see (agents run without the GitHub token; the runner
 * pushes, never the agent). Model API keys (ANTHROPIC_API_KEY, OPENAI_API_KEY...) stay: the agent
 * needs them and they grant nothing on the repository.
 */
const DROPPED_NAMES = new Set([
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'GH_ENTERPRISE_TOKEN',
  'GITHUB_ENTERPRISE_TOKEN',
  'GITHUB_PAT',
  // Other routes to push access: the SSH agent holding the developer's keys, and askpass helpers
  // that hand out stored credentials.
  'SSH_AUTH_SOCK',
  'GIT_ASKPASS',
  'SSH_ASKPASS',
  // The bot's secrets, should the runner share a shell with it.
  'WEBHOOK_SECRET',
  'PRIVATE_KEY',
  'PRIVATE_KEY_PATH',
  'GITHUB_CLIENT_SECRET',
  // Git config passed by environment carries the runner's own credential (push-credential.ts).
  'GIT_CONFIG_COUNT',
  'GIT_CONFIG_PARAMETERS',
]);

const DROPPED_PATTERNS = [
  /^GIT_CONFIG_(KEY|VALUE)_\d+$/,
  // Any GitHub credential under another name: HOMEBREW_GITHUB_API_TOKEN, GH_PAT, GITHUB_APP_KEY...
  /(^|_)(GITHUB|GH)(_.*)?_(TOKEN|PAT|SECRET|PASSWORD|KEY)$/,
  // overnight's own settings say where the runner keeps its state; an agent has no business there.
  /^OVERNIGHT_/,
];

/** A value that is a GitHub token, whatever the variable is called. */
const TOKEN_VALUE = /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/;

/** The environment for an agent or verify command: `env` without credentials or unset entries. */
export function scrubEnv(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const upper = name.toUpperCase();
    if (DROPPED_NAMES.has(upper) || DROPPED_PATTERNS.some((pattern) => pattern.test(upper))) continue;
    if (TOKEN_VALUE.test(value)) continue;
    kept[name] = value;
  }
  return kept;
}
