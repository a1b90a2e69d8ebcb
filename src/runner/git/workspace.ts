import { lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initAgentGit } from './agent-git.js';
import { forgetNestedRepos } from './forget-nested-repos.js';
import { gitValue, type Git, type GitOptions } from './git.js';
import { pathExists as exists } from './path-exists.js';
import type { RunnerRepo } from './runner-repo.js';
import { stageChanges, type StagedChanges } from './stage-changes.js';

export interface WorkspaceOptions {
  git: Git;
  /** Where the base is fetched to and the sessions' objects go. */
  repo: Pick<RunnerRepo, 'path' | 'fetch' | 'repair' | 'objectFormat'>;
  base: string;
  /** Directory the workspaces live in, under the runner's data dir. */
  root: string;
  /** Directory of the runner's git dir of each workspace, under the data dir and outside every workspace. */
  gitDirs: string;
  /** Finished workspaces kept, cleaned, for the next sessions (one per concurrent session is enough). */
  spares?: number;
}

export interface Workspace {
  /** The agent's working directory: its files and its own `.git`. */
  path: string;
  /** The runner's git dir for this workspace (HEAD and index); never inside the workspace. */
  gitDir: string;
  /** The commit the session's single commit goes on top of. */
  baseSha: string;
  /** What the workspace started at: the base, or the PR branch tip when revising. */
  startSha: string;
  /** What the agent's `.git` borrows objects from: the agent must be able to read it, never write it. */
  sharedObjects: string;
}

/**
 * Session workspaces made from the runner's own repository, never from the developer's clone. Each
 * has two git dirs: the agent's `.git` inside it (agent-git.ts), and the runner's, outside it,
 * holding only HEAD and an index, with the runner repository as its common dir; every runner
 * command on a workspace names the runner's one explicitly. A finished workspace is cleaned and
 * kept as a spare, so the next session's checkout only touches the files the base changed since
 * (the cost that dominates on a large repository, see bench/cycle.ts).
 */
export function createWorkspaces({ git, repo, base, root, gitDirs, spares = 1 }: WorkspaceOptions) {
  const inRepo = { gitDir: repo.path };
  const pathOf = (name: string) => join(root, name);
  const gitDirOf = (name: string) => join(gitDirs, name);
  /** Runner git options for a workspace: explicit git dir, work tree and common dir, nothing discovered. */
  const at = (name: string): GitOptions & { workTree: string } => ({ gitDir: gitDirOf(name), workTree: pathOf(name), commonDir: repo.path });
  /**
   * `at`, after checking that the workspace and the git dir are still the directories the runner
   * made: with no sandbox, an agent could swap one for a symlink to your clone, and `reset --hard`
   * would then run there.
   */
  async function checkedAt(name: string): Promise<GitOptions & { workTree: string }> {
    for (const dir of [pathOf(name), gitDirOf(name)]) {
      const found = await lstat(dir).catch(() => undefined);
      if (!found?.isDirectory()) throw new Error(`${dir} is no longer the directory the runner made (${found?.isSymbolicLink() ? 'now a symlink' : 'gone'}); nothing is staged from it`);
    }
    return at(name);
  }
  const sparePaths = () => Array.from({ length: spares }, (_, index) => `spare-${index}`);

  async function remove(name: string): Promise<void> {
    await rm(pathOf(name), { recursive: true, force: true });
    await rm(gitDirOf(name), { recursive: true, force: true });
  }

  /** A runner git dir at `sha` with no index yet, for a workspace that has none. */
  async function newGitDir(name: string, sha: string): Promise<void> {
    await rm(gitDirOf(name), { recursive: true, force: true });
    await mkdir(gitDirOf(name), { recursive: true });
    await writeFile(join(gitDirOf(name), 'HEAD'), `${sha}\n`);
  }

  async function findSpare(): Promise<string | undefined> {
    for (const name of sparePaths()) {
      if ((await exists(pathOf(name))) && (await exists(join(gitDirOf(name), 'index')))) return name;
      // Half a spare (a crash between its two renames) is no spare.
      await remove(name);
    }
    return undefined;
  }

  async function freeSpareSlot(): Promise<string | undefined> {
    for (const name of sparePaths()) if (!(await exists(pathOf(name))) && !(await exists(gitDirOf(name)))) return name;
    return undefined;
  }

  return {
    pathOf,
    remove,
    fetchBase: () => repo.fetch(base),
    /** Puts back whatever of the runner repository another process changed (runner-repo.ts). */
    repairRepo: () => repo.repair(),

    /** Fetches and prepares the session's workspace; a revision starts at its PR branch instead of the base. */
    async create(sessionId: string, { revisionBranch }: { revisionBranch?: string } = {}): Promise<Workspace> {
      const baseTip = await repo.fetch(base);
      const startSha = revisionBranch ? await repo.fetch(revisionBranch) : baseTip;
      // A revision keeps its PR's base, so the PR still shows one commit on top of it.
      const baseSha = revisionBranch ? await gitValue(git, ['merge-base', startSha, baseTip], inRepo) : baseTip;
      await remove(sessionId);
      await mkdir(root, { recursive: true });
      const fresh = async () => {
        await remove(sessionId);
        await mkdir(pathOf(sessionId), { recursive: true });
        await newGitDir(sessionId, startSha);
      };
      const checkout = async () => {
        await git(['checkout', '--quiet', '--detach', '--force', '--no-recurse-submodules', startSha], at(sessionId));
        await git(['clean', '-ffdxq'], at(sessionId));
      };
      const spare = await findSpare();
      if (spare) {
        await rename(pathOf(spare), pathOf(sessionId));
        await rename(gitDirOf(spare), gitDirOf(sessionId));
        // A spare whose index no longer matches what the repository holds is started over.
        await checkout().catch(async () => {
          await fresh();
          await checkout();
        });
      } else {
        await fresh();
        await checkout();
      }
      await initAgentGit(git, {
        workspace: pathOf(sessionId),
        objects: join(repo.path, 'objects'),
        sha: startSha,
        index: join(gitDirOf(sessionId), 'index'),
        objectFormat: repo.objectFormat,
      });
      return { path: pathOf(sessionId), gitDir: gitDirOf(sessionId), baseSha, startSha, sharedObjects: join(repo.path, 'objects') };
    },

    /** How the runner's git addresses a workspace: its git dir, work tree and the runner repository. */
    gitOptions: (sessionId: string): Promise<GitOptions> => checkedAt(sessionId),

    /** Stages everything in the workspace against `baseSha`, through the runner's git dir (stage-changes.ts). */
    stage: async (sessionId: string, baseSha: string): Promise<StagedChanges> => stageChanges(git, await checkedAt(sessionId), baseSha),

    /**
     * Ends a session's use of its workspace: cleaned (tracked files reset, untracked and ignored
     * ones deleted, the agent's `.git` deleted, so nothing of one session reaches the next) and
     * kept as a spare, or removed when enough spares exist.
     */
    async release(sessionId: string): Promise<void> {
      const free = await freeSpareSlot();
      if (free === undefined || !(await exists(pathOf(sessionId))) || !(await exists(join(gitDirOf(sessionId), 'index')))) return remove(sessionId);
      try {
        const inWorkspace = await checkedAt(sessionId);
        await rm(join(pathOf(sessionId), '.git'), { recursive: true, force: true });
        await git(['reset', '--quiet', '--hard', '--no-recurse-submodules'], inWorkspace);
        await git(['clean', '-ffdxq'], inWorkspace);
        await rename(pathOf(sessionId), pathOf(free));
        await rename(gitDirOf(sessionId), gitDirOf(free));
      } catch {
        // A workspace that cannot be cleaned (the agent made it so) is not worth keeping.
        await remove(sessionId);
        await remove(free);
      }
    },

    /**
     * Saves whatever a workspace holds beyond `baseSha` as a binary patch, so removing it loses
     * nothing. Works without the runner's git dir too (a crash before it was made): a fresh index
     * at the base stages the same changes.
     */
    async snapshot(sessionId: string, baseSha: string, file: string): Promise<boolean> {
      if (!(await exists(pathOf(sessionId)))) return false;
      if (!(await exists(join(gitDirOf(sessionId), 'HEAD')))) await newGitDir(sessionId, baseSha);
      const inWorkspace = await checkedAt(sessionId);
      await forgetNestedRepos(git, inWorkspace);
      await git(['add', '--all'], inWorkspace);
      const diff = await git(['diff', '--cached', '--binary', '--no-ext-diff', '--no-textconv', baseSha], inWorkspace);
      if (diff.stdout.length === 0) return false;
      await writeFile(file, diff.stdout);
      return true;
    },
  };
}

export type Workspaces = ReturnType<typeof createWorkspaces>;
