import { dataDirFor, type RunnerConfig } from '../config/index.js';
import { preflight, type Preflight } from './cycle/gate/preflight.js';
import { runnerGitConfigPath, stateDbPath, workspacesDir } from './data-layout.js';
import { createGit } from './git/git.js';
import { createGithub, resolveToken } from './github/index.js';
import type { GithubPort } from './github/types.js';
import { unavailableGithub } from './github/unavailable-github.js';
import { openStateStore, type Store } from './store/index.js';

export interface ReadonlyRunner {
  store: Store;
  github: GithubPort;
  dataDir: string;
  preflight(agent?: string): Promise<Preflight>;
  close(): void;
}

/**
 * What a dry run reads, and nothing it could write: the state store read-only (absent reads as
 * empty), the preflight without creating the workspace root, and GitHub when a token can be had.
 * Without one every GitHub call fails with the reason, so the dry run still shows the rest.
 */
export async function openReadonlyRunner(config: RunnerConfig, { env = process.env }: { env?: NodeJS.ProcessEnv } = {}): Promise<ReadonlyRunner> {
  const dataDir = dataDirFor(config, { env });
  let token: string | undefined;
  let github: GithubPort;
  try {
    token = await resolveToken({ mode: config.github.token, env, apiUrl: config.github.apiUrl });
    github = createGithub({ apiUrl: config.github.apiUrl, token, repo: config.repo.github });
  } catch (error) {
    github = unavailableGithub(error);
  }
  const store = openStateStore(stateDbPath(dataDir), true);
  const git = createGit({ globalConfig: runnerGitConfigPath(dataDir) });
  return {
    store,
    github,
    dataDir,
    preflight: (agent) => preflight({ config, git, workspaceRoot: workspacesDir(dataDir), agent, token, createWorkspaceRoot: false }),
    close: () => store.close(),
  };
}
