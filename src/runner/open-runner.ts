import type { Logger } from 'pino';
import { dataDirFor, type RunnerConfig } from '../config/index.js';
import { runChecks } from '../constraints/index.js';
import { createCycle, type CycleOptions } from './cycle/cycle.js';
import { sessionsDir, stateDbPath, worktreesDir } from './data-layout.js';
import type { CycleFn } from './cycle/cycle-types.js';
import { createGit, gitValue } from './git/git.js';
import { createGithub, resolveToken } from './github/index.js';
import type { GithubPort } from './github/types.js';
import { createPublisher } from './cycle/publish.js';
import { credentialEnv } from './git/push-credential.js';
import { recover, type Recovery } from './cycle/recover.js';
import { openStateStore, type Store } from './store/index.js';
import { createWorkspaces } from './git/workspace.js';
import { preflight, type Preflight } from './cycle/preflight.js';
import { tokenSourceOf } from './github/token-source.js';

export interface OpenRunnerOptions {
  env?: NodeJS.ProcessEnv;
  /** For recovery's messages. */
  logger?: Logger;
  /** Read the state without writing it (dry runs, reports): an absent database reads as empty. */
  readonly?: boolean;
}

export interface Runner {
  store: Store;
  github: GithubPort;
  dataDir: string;
  /** The daemon's cycle; `overrides` carry `overnight once` switches. */
  cycle(overrides?: Partial<CycleOptions>): CycleFn;
  /** The agent (`agents.default` unless named), the workspace root, the clone and its remote, checked now. */
  preflight(agent?: string): Promise<Preflight>;
  /** Start-up recovery: abandon what was left running, push what was committed. */
  recover(): Promise<Recovery>;
  close(): void;
}

/**
 * Everything a cycle needs, built from the config: the token (GITHUB_TOKEN/GH_TOKEN or
 * `gh auth token`), the GitHub client at `github.apiUrl`, the SQLite store in the data dir.
 * `overnight run` calls `recover()` once at start and hands `cycle()` to the daemon.
 */
export async function openRunner(
  config: RunnerConfig,
  { env = process.env, logger, readonly = false }: OpenRunnerOptions = {},
): Promise<Runner> {
  const dataDir = dataDirFor(config, { env });
  const tokenSource = tokenSourceOf(config.github.token, env);
  const token = await resolveToken({ mode: config.github.token, env });
  const github = createGithub({ apiUrl: config.github.apiUrl, token, repo: config.repo.github });
  const store = openStateStore(stateDbPath(dataDir), readonly);
  const git = createGit();
  // The cycle logs through the daemon's per-cycle child logger (ctx.logger), not this one.
  const base = { config, github, store, dataDir, git, runChecks, token, tokenSource };
  return {
    store,
    github,
    dataDir,
    cycle: (overrides = {}) => createCycle({ ...base, ...overrides }),
    preflight: (agent) => preflight({ config, git, workspaceRoot: worktreesDir(dataDir), agent, token }),
    async recover() {
      const remoteUrl = await gitValue(git, ['remote', 'get-url', config.repo.remote], { cwd: config.repo.path });
      const pushEnv = credentialEnv(remoteUrl, token);
      const repo = { git, repoPath: config.repo.path };
      return recover({
        store,
        github,
        workspaces: createWorkspaces({ ...repo, remote: config.repo.remote, base: config.repo.base, root: worktreesDir(dataDir), env: pushEnv }),
        publisher: createPublisher({ ...repo, github, store, config, pushEnv, now: () => new Date(), ...(logger ? { log: logger } : {}) }),
        sessionsDir: sessionsDir(dataDir),
        now: () => new Date(),
        ...(logger ? { logger } : {}),
      });
    },
    close: () => store.close(),
  };
}
