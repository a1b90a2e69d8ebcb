import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Git } from './git.js';

export interface AgentGitInput {
  workspace: string;
  /** The runner repository's object directory, borrowed read-only (objects/info/alternates). */
  objects: string;
  /** The commit the workspace holds, as HEAD (detached, so no branch name is implied). */
  sha: string;
  /** The runner's index of the same checkout: copied, so `git status` is clean and fast at once. */
  index: string;
  objectFormat?: string;
}

/**
 * Gives the workspace a `.git` of the agent's own, made fresh for every session: agents expect a
 * repository (Codex refuses to run outside one; Claude Code runs `git diff`), and this one is theirs
 * to commit, branch, configure or wreck. It borrows the runner repository's objects, so it costs
 * no copy. The runner never reads it afterwards: it runs its own git with an explicit git dir
 * outside the workspace, and deletes this one when the workspace is released.
 */
export async function initAgentGit(git: Git, { workspace, objects, sha, index, objectFormat = 'sha1' }: AgentGitInput): Promise<void> {
  const dotGit = join(workspace, '.git');
  await rm(dotGit, { recursive: true, force: true });
  const format = objectFormat === 'sha1' ? [] : [`--object-format=${objectFormat}`];
  await git(['init', '--quiet', '--template=', ...format, workspace], { cwd: workspace });
  await mkdir(join(dotGit, 'objects', 'info'), { recursive: true });
  await writeFile(join(dotGit, 'objects', 'info', 'alternates'), `${objects}\n`);
  await writeFile(join(dotGit, 'HEAD'), `${sha}\n`);
  await copyFile(index, join(dotGit, 'index'));
}
