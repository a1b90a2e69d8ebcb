import { forgetNestedRepos } from './forget-nested-repos.js';
import { gitValue, type Git, type GitOptions } from './git.js';

export interface StagedChanges {
  /** The tree of everything in the workspace (ignored files excluded), as it will be committed. */
  tree: string;
  changed: boolean;
  /** `git diff --numstat -z --no-renames` against the base, for the guard (`parseNumstat`). */
  numstat: string;
}

/**
 * Snapshots a workspace against `baseSha`, through the runner's git dir for it (`at`: explicit
 * git dir, work tree and common dir; the agent's `.git` is never read, and `add` never adds a
 * `.git`). Comparing trees, not commits, squashes whatever the agent committed itself; the
 * snapshot is taken before verify runs, so build output the verify command leaves behind is never
 * committed. Renames are off so the guard sees both paths. Nested repositories are recorded from
 * their HEAD alone: git is never let into one (forget-nested-repos.ts).
 */
export async function stageChanges(git: Git, at: GitOptions & { workTree: string }, baseSha: string): Promise<StagedChanges> {
  await forgetNestedRepos(git, at);
  await git(['add', '--all'], at);
  const tree = await gitValue(git, ['write-tree'], at);
  const numstat = (await git(['diff', '--numstat', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', baseSha, tree], at)).stdout;
  return { tree, changed: numstat !== '', numstat };
}
