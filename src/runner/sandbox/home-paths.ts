import type { AgentKind } from '../agents/types.js';

/** Paths under the home directory, relative to it (no leading `~/`). */
export interface AgentHomePaths {
  /** The agent's own state: it must be able to write it to run at all. */
  write: readonly string[];
  /** Those of `write` that are directories, created before the first run (home itself is read-only inside). */
  dirs: readonly string[];
  /** Where the agent's own binary is installed, readable so it can start. */
  read: readonly string[];
  /** Inside `write`, kept read-only: config that would run commands outside the sandbox later. */
  protect: readonly string[];
}

const NONE: AgentHomePaths = { write: [], dirs: [], read: [], protect: [] };

/**
 * Per agent kind. Claude Code keeps its settings, sessions and (on Linux) credentials in
 * `~/.claude` and its global state in `~/.claude.json`; the native installer puts the binary under
 * `~/.local/share/claude`. Codex keeps config, auth and sessions in `~/.codex`. aider works in the
 * repository (`.aider*` files) and keeps analytics and caches in `~/.aider`; pipx and uv install it
 * under `~/.local`. A `command` agent (and the verify command) gets no agent state.
 */
export const AGENT_HOME_PATHS: Record<AgentKind, AgentHomePaths> = {
  'claude-code': {
    write: ['.claude', '.claude.json'],
    dirs: ['.claude'],
    read: ['.local/share/claude'],
    protect: [
      '.claude/settings.json',
      '.claude/settings.local.json',
      '.claude/CLAUDE.md',
      '.claude/hooks',
      '.claude/commands',
      '.claude/agents',
      '.claude/skills',
      '.claude/plugins',
    ],
  },
  codex: {
    write: ['.codex'],
    dirs: ['.codex'],
    read: [],
    protect: ['.codex/config.toml', '.codex/AGENTS.md', '.codex/prompts'],
  },
  aider: {
    write: ['.aider'],
    dirs: ['.aider'],
    read: ['.local/pipx', '.local/share/uv'],
    protect: [],
  },
  command: NONE,
};

/**
 * Toolchains an agent or the verify command runs (node, npm, cargo, python...) and their package
 * caches, read-only. `~/.cargo` is exposed piecewise: its top level holds `credentials.toml`.
 * Installers that write (npm's cache, cargo's registry) fall back to TMPDIR or fail loudly.
 */
export const TOOLCHAIN_HOME_PATHS: readonly string[] = [
  '.local/bin',
  '.npm',
  '.nvm',
  '.volta',
  '.bun',
  '.deno',
  '.cargo/bin',
  '.cargo/registry',
  '.cargo/git',
  '.rustup',
  '.pyenv',
  '.asdf',
  '.local/share/mise',
  '.local/share/pnpm',
];

/**
 * Never readable, whatever the config says: keys and tokens that reach beyond the repository
 * (SSH and GPG keys, cloud and GitHub credentials, package-registry tokens, keyrings).
 */
export const SECRET_HOME_PATHS: readonly string[] = [
  '.ssh',
  '.gnupg',
  '.aws',
  '.config/gh',
  '.config/hub',
  '.config/gcloud',
  '.azure',
  '.kube',
  '.docker',
  '.netrc',
  '.git-credentials',
  '.config/git/credentials',
  '.npmrc',
  '.pypirc',
  '.cargo/credentials',
  '.cargo/credentials.toml',
  '.password-store',
  '.local/share/keyrings',
  'Library/Keychains',
];

/** Never readable outside home either (the system keychain; root-only on a normal Mac). */
export const SECRET_SYSTEM_PATHS: readonly string[] = ['/Library/Keychains'];
