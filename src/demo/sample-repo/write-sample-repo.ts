import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { SAMPLE_REPO_FILES } from './sample-files.js';

export interface GitAuthor {
  name: string;
  email: string;
}

export interface CreateSampleRepoOptions {
  /** Directory of the working clone; created, must not already hold a repository. */
  dir: string;
  /** The remote to push to: a path to a bare repository or any URL git accepts. */
  remoteUrl: string;
  remote?: string;
  branch?: string;
  author?: GitAuthor;
  files?: Readonly<Record<string, string>>;
  /** Pinned so the sample's first commit has the same sha on every run. */
  date?: string;
}

export interface SampleRepo {
  path: string;
  branch: string;
  head: string;
}

const DEFAULT_AUTHOR: GitAuthor = { name: 'Alice Maintainer', email: 'alice@example.com' };

/**
 * Writes the sample project into `dir` as a git repository with one commit on `branch`, pushes it
 * to `remoteUrl`, and leaves `dir` as the clone the runner makes its worktrees from.
 */
export async function createSampleRepo({
  dir,
  remoteUrl,
  remote = 'origin',
  branch = 'main',
  author = DEFAULT_AUTHOR,
  files = SAMPLE_REPO_FILES,
  date = '2026-11-27T18:00:00Z',
}: CreateSampleRepoOptions): Promise<SampleRepo> {
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  // The clone's own identity and no user config: the demo must not depend on ~/.gitconfig.
  const env = {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  };
  const git = (args: string[]) => execa('git', args, { cwd: dir, env });
  await git(['init', '--quiet', `--initial-branch=${branch}`]);
  await git(['config', 'user.name', author.name]);
  await git(['config', 'user.email', author.email]);
  await git(['add', '--all']);
  await git(['commit', '--quiet', '--no-gpg-sign', '--message', 'Initial commit: tinyutils']);
  await git(['remote', 'add', remote, remoteUrl]);
  await git(['push', '--quiet', '--set-upstream', remote, branch]);
  const head = (await git(['rev-parse', 'HEAD'])).stdout.trim();
  return { path: dir, branch, head };
}
