import { gitValue, type Git } from './git.js';

export interface StagedChanges {
  /** The tree of everything in the worktree (ignored files excluded), as it will be committed. */
  tree: string;
  changed: boolean;
  /** `git diff --numstat -z --no-renames` against the base, for the guard (`parseNumstat`). */
  numstat: string;
}

/**
 * Snapshots the worktree against `baseSha`. Comparing trees, not commits, squashes whatever the
 * agent committed itself; the snapshot is taken before verify runs, so build output the verify
 * command leaves behind is never committed. Renames are off so the guard sees both paths.
 */
export async function stageChanges(git: Git, worktree: string, baseSha: string): Promise<StagedChanges> {
  const inTree = { cwd: worktree };
  await git(['add', '--all'], inTree);
  const tree = await gitValue(git, ['write-tree'], inTree);
  const numstat = (await git(['diff', '--numstat', '-z', '--no-renames', baseSha, tree], inTree)).stdout;
  return { tree, changed: numstat !== '', numstat };
}
