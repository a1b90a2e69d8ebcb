import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { dataDirFor, type RunnerConfig } from '../config/index.js';
import { runChecks } from '../constraints/index.js';
import { createCycle, type CycleOptions } from './cycle/cycle.js';
import { runnerGitConfigPath, runnerRepoPath, sessionGitDirs, sessionsDir, stateDbPath, workspacesDir } from './data-layout.js';
import type { CycleFn } from './cycle/cycle-types.js';
import { createGit } from './git/git.js';
import { deferredGithub } from './github/deferred-github.js';
import { resolveTokenWithSource } from './github/token/resolve-token.js';
import type { GithubPort } from './github/types.js';
import { createClaims } from './cycle/claims/claims.js';
import { createPublisher } from './cycle/publish/publish.js';
import { openRunnerRepo } from './git/runner-repo.js';
import { writeRunnerGitConfig } from './git/runner-git-config.js';
import { recover, type Recovery } from './cycle/recover.js';
import { openStateStore, type Store } from './store/index.js';
import { createWorkspaces } from './git/workspace.js';
import { preflight, type Preflight } from './cycle/gate/preflight.js';

export interface OpenRunnerOptions {
  env?: NodeJS.ProcessEnv;
  /** For recovery's messages. */
  logger?: Logger;
  /** Read the state without writing it (dry runs, reports): an absent database reads as empty. */
  readonly?: boolean;
  /** The config file it was loaded from, hidden from agents like the runner's state. */
  configFile?: string;
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
 * Everything a cycle needs, built from the config: the token (GITHUB_TOKEN/GH_TOKEN, taken out of
 * the environment once read, `gh auth token`, or the OS credential store), the GitHub client at
 * `github.apiUrl`, the SQLite store in the data dir, and the runner's hardened git with the
 * developer's identity copied into its own global config. `overnight run` calls `recover()` once at
 * start and hands `cycle()` to the daemon.
 */
export async function openRunner(
  config: RunnerConfig,
  { env = process.env, logger, readonly = false, configFile }: OpenRunnerOptions = {},
): Promise<Runner> {
  const dataDir = dataDirFor(config, { env });
  // Consumed only when it is this process's own environment: then no child of the runner inherits it.
  const { token, source: tokenSource } = await resolveTokenWithSource({ mode: config.github.token, env, apiUrl: config.github.apiUrl, consume: env === process.env });
  // Built at the first call: a daemon waiting for its window does not carry Octokit.
  const github = deferredGithub(async () => {
    const { createGithub } = await import('./github/create-github.js');
    return createGithub({ apiUrl: config.github.apiUrl, token, repo: config.repo.github, ...(logger ? { log: logger } : {}) });
  });
  const store = openStateStore(stateDbPath(dataDir), readonly, {
    onMovedAside: (moved, error) =>
      logger?.error({ movedTo: moved.path, problem: error.detail }, `the state database was corrupt (${error.detail}); moved it to ${moved.path} and started a fresh one`),
  });
  const git = createGit({ globalConfig: runnerGitConfigPath(dataDir) });
  if (!readonly) await writeRunnerGitConfig({ file: runnerGitConfigPath(dataDir), clonePath: config.repo.path });
  // The cycle logs through the daemon's per-cycle child logger (ctx.logger), not this one.
  const base = { config, github, store, dataDir, git, runChecks, token, tokenSource, ...(configFile ? { configFile } : {}) };
  return {
    store,
    github,
    dataDir,
    cycle: (overrides = {}) => createCycle({ ...base, ...overrides }),
    preflight: (agent) => preflight({ config, git, workspaceRoot: workspacesDir(dataDir), agent, token }),
    async recover() {
      const { remote, base: branch, path: clonePath } = config.repo;
      const repo = await openRunnerRepo({ git, path: runnerRepoPath(dataDir), clonePath, remote, base: branch, token });
      if (repo.repairedAtOpen.length > 0) logger?.warn({ repo: repo.path, repaired: repo.repairedAtOpen }, "put back files of the runner's git repository that something else changed");
      const now = () => new Date();
      const log = logger ? { log: logger } : {};
      const claims = createClaims({ github, store, runner: config.runnerName ?? hostname(), ttlMinutes: config.claims.ttlMinutes, now, ...log });
      return recover({
        store,
        github,
        workspaces: createWorkspaces({ git, repo, base: branch, root: workspacesDir(dataDir), gitDirs: sessionGitDirs(dataDir) }),
        publisher: createPublisher({ git, repo, github, store, config, claims, sessionsDir: sessionsDir(dataDir), now, ...log }),
        claims,
        sessionsDir: sessionsDir(dataDir),
        now: () => new Date(),
        ...(logger ? { logger } : {}),
      });
    },
    close: () => store.close(),
  };
}
