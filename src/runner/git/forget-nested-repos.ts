import { join } from 'node:path';
import type { Git, GitOptions } from './git.js';
import { pathExists } from './path-exists.js';

const GITLINK = '160000 ';
/** Paths per `update-index` call, far below the argument-length limit. */
const PATHS_PER_CALL = 200;

/**
 * Takes out of the index every gitlink (submodule) entry whose directory in the work tree now holds
 * a repository, so that the next `git add --all` records it afresh, reading only its HEAD.
 *
 * Left in the index, such an entry makes `git add` ask whether the submodule is modified, and git
 * answers that by running `git status` inside it: with that repository's own config, whose filter
 * drivers (`filter.<name>.clean`, named by its `.gitattributes`) then run as the runner, outside the
 * sandbox. An agent makes that repository in its workspace (`git init` in a new directory, or in a
 * submodule's empty checkout directory), so the runner must never let git look inside it. An empty
 * submodule directory (the usual, unpopulated checkout) keeps its entry: git looks into it only
 * when it is a repository.
 */
export async function forgetNestedRepos(git: Git, at: GitOptions & { workTree: string }): Promise<string[]> {
  const entries = (await git(['ls-files', '--stage', '-z'], at)).stdout.split('\0');
  const gitlinks = entries.filter((entry) => entry.startsWith(GITLINK)).map((entry) => entry.slice(entry.indexOf('\t') + 1));
  const populated: string[] = [];
  for (const path of gitlinks) if (await pathExists(join(at.workTree, path, '.git'))) populated.push(path);
  for (let i = 0; i < populated.length; i += PATHS_PER_CALL) {
    await git(['update-index', '--force-remove', '--', ...populated.slice(i, i + PATHS_PER_CALL)], at);
  }
  return populated;
}
