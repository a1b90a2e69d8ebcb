import { join } from 'node:path';

/** Where the runner keeps things under its data dir. */
export const stateDbPath = (dataDir: string) => join(dataDir, 'state.db');
/** The runner's own repository (bare): the fetched base and revision branches, session commits. */
export const runnerRepoPath = (dataDir: string) => join(dataDir, 'repo.git');
/** The global git config of every runner git command: the identity, nothing else. */
export const runnerGitConfigPath = (dataDir: string) => join(dataDir, 'git', 'config');
/** The runner's git dir of each session (`<id>`, `spare-<n>`): its HEAD and index, outside the workspace. */
export const sessionGitDirs = (dataDir: string) => join(dataDir, 'git', 'sessions');
/** The agents' workspaces (`<id>`, `spare-<n>`); each holds a `.git` of the agent's own. */
export const workspacesDir = (dataDir: string) => join(dataDir, 'workspaces');
/** Session logs (`<id>.log`) and the patches of work that was not pushed (`<id>.patch`). */
export const sessionsDir = (dataDir: string) => join(dataDir, 'sessions');
