import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gitValue, type Git } from './git.js';

export interface WorkspaceOptions {
  git: Git;
  /** The developer's clone: only its object store and worktree list are used, never its checkout. */
  repoPath: string;
  remote: string;
  base: string;
  /** Directory the worktrees live in, under the runner's data dir. */
  root: string;
  /** Credential environment for fetches (see push-credential.ts). */
  env?: Record<string, string>;
  /** Finished worktrees kept, cleaned, for the next sessions (one per concurrent session is enough). */
  spares?: number;
}

export interface Workspace {
  path: string;
  /** The commit the session's single commit goes on top of. */
  baseSha: string;
  /** What the worktree started at: the base, or the PR branch tip when revising. */
  startSha: string;
}

/**
 * Git worktrees named by session, made from `<remote>/<base>` right after a fetch. A worktree
 * shares the clone's objects, so preparing one costs a checkout, not a clone; and a finished
 * worktree is cleaned and kept as a spare, so the next session's checkout only touches the files
 * the base changed since (the cost that dominates on a large repository, see bench/cycle.ts).
 * Worktrees are detached: no branch appears in the developer's `git branch`.
 */
export function createWorkspaces({ git, repoPath, remote, base, root, env = {}, spares = 1 }: WorkspaceOptions) {
  const inRepo = { cwd: repoPath, env };
  const trackingRef = (branch: string) => `refs/remotes/${remote}/${branch}`;

  async function fetch(branch: string): Promise<string> {
    await git(['fetch', '--no-tags', '--no-write-fetch-head', remote, `+refs/heads/${branch}:${trackingRef(branch)}`], inRepo);
    return gitValue(git, ['rev-parse', '--verify', `${trackingRef(branch)}^{commit}`], inRepo);
  }

  async function remove(sessionId: string): Promise<void> {
    const path = pathOf(sessionId);
    await git(['worktree', 'remove', '--force', path], { ...inRepo, allowFailure: true });
    await rm(path, { recursive: true, force: true });
    await git(['worktree', 'prune'], inRepo);
  }

  function pathOf(sessionId: string): string {
    return join(root, sessionId);
  }

  const sparePaths = () => Array.from({ length: spares }, (_, index) => join(root, `spare-${index}`));

  async function findSpare(): Promise<string | undefined> {
    for (const path of sparePaths()) if (await exists(path)) return path;
    return undefined;
  }

  async function freeSpareSlot(): Promise<string | undefined> {
    for (const path of sparePaths()) if (!(await exists(path))) return path;
    return undefined;
  }

  return {
    pathOf,
    remove,
    fetchBase: () => fetch(base),

    /** Fetches and adds the session's worktree; a revision starts at its PR branch instead of the base. */
    async create(sessionId: string, { revisionBranch }: { revisionBranch?: string } = {}): Promise<Workspace> {
      const baseTip = await fetch(base);
      const startSha = revisionBranch ? await fetch(revisionBranch) : baseTip;
      // A revision keeps its PR's base, so the PR still shows one commit on top of it.
      const baseSha = revisionBranch
        ? await gitValue(git, ['merge-base', startSha, baseTip], inRepo)
        : baseTip;
      const path = pathOf(sessionId);
      if (await exists(path)) await remove(sessionId);
      await mkdir(root, { recursive: true });
      const spare = await findSpare();
      if (spare) {
        await git(['worktree', 'move', spare, path], inRepo);
        await git(['checkout', '--quiet', '--detach', '--force', startSha], { cwd: path });
        await git(['clean', '-ffdxq'], { cwd: path });
      } else {
        await git(['worktree', 'add', '--detach', path, startSha], inRepo);
      }
      return { path, baseSha, startSha };
    },

    /**
     * Ends a session's use of its worktree: cleaned (tracked files reset, untracked and ignored
     * ones deleted, so nothing of one session reaches the next) and kept as a spare, or removed
     * when enough spares exist.
     */
    async release(sessionId: string): Promise<void> {
      const path = pathOf(sessionId);
      const free = await freeSpareSlot();
      if (free === undefined || !(await exists(path))) return remove(sessionId);
      await git(['reset', '--quiet', '--hard'], { cwd: path });
      await git(['clean', '-ffdxq'], { cwd: path });
      await git(['worktree', 'move', path, free], inRepo);
    },

    /** Saves whatever a worktree holds beyond `baseSha` as a binary patch, so removing it loses nothing. */
    async snapshot(sessionId: string, baseSha: string, file: string): Promise<boolean> {
      const path = pathOf(sessionId);
      if (!(await exists(path))) return false;
      await git(['add', '--all'], { cwd: path });
      const diff = await git(['diff', '--cached', '--binary', baseSha], { cwd: path });
      if (diff.stdout.length === 0) return false;
      await writeFile(file, diff.stdout);
      return true;
    },
  };
}

export type Workspaces = ReturnType<typeof createWorkspaces>;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
