import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gitValue, type Git, type GitOptions } from './git.js';
import { credentialFor, type GitCredential } from './push-credential.js';
import { findLender } from './find-lender.js';
import { pathExists as exists } from './path-exists.js';
import { canonicalRepoConfig, probeFilesystem } from './repo-config.js';

export interface OpenRunnerRepoOptions {
  git: Git;
  /** `<dataDir>/repo.git`. */
  path: string;
  /** The developer's clone: its remote's URLs are read and its objects borrowed once; nothing in it is written. */
  clonePath: string;
  remote: string;
  /** Fetched when the repository is made, to borrow its objects from the clone. */
  base: string;
  /** Kept in memory, handed to git only for a fetch or a push (push-credential.ts). */
  token?: string;
  platform?: NodeJS.Platform;
}

export interface RunnerRepo {
  path: string;
  /** Options for a git command on this repository. */
  at: GitOptions;
  fetchUrl: string;
  pushUrl: string;
  /** `sha1` or `sha256`, the clone's, so the agent's `.git` can borrow these objects. */
  objectFormat: string;
  pushCredential?: GitCredential;
  /** Fetches `refs/heads/<branch>` into `refs/remotes/<remote>/<branch>` and returns its commit. */
  fetch(branch: string): Promise<string>;
  /**
   * Puts back what only another process could have changed (the config, or a file git would obey
   * such as `info/exclude` or `objects/info/alternates`) and names it; empty when all is as the runner left it.
   */
  repair(): Promise<string[]>;
  /** What opening it repaired (see `repair`): nothing runs on the repository before that. */
  repairedAtOpen: string[];
}

/** Files the runner never writes in its repository; each would change what git reads or stages. */
const FOREIGN_FILES = ['commondir', 'config.worktree', 'shallow', 'info/attributes', 'info/exclude', 'info/grafts', 'objects/info/alternates'];

/**
 * The runner's own bare repository, where sessions' work is fetched, staged and committed. The
 * developer's clone is only read: the remote's URLs (through its config, so a URL rewrite the
 * developer set there still applies) and, when the repository is first made, its objects, borrowed
 * for the first fetch and then copied in (`repack -a -d`, as `git clone --dissociate` does), so
 * only what the clone lacks comes over the network and nothing here depends on the clone afterwards:
 * a `git gc` there cannot break this repository, and the agent's `.git`, which borrows from this
 * one, never points into the clone.
 */
export async function openRunnerRepo({ git, path, clonePath, remote, base, token, platform = process.platform }: OpenRunnerRepoOptions): Promise<RunnerRepo> {
  const inClone = { cwd: clonePath };
  const fetchUrl = await gitValue(git, ['remote', 'get-url', remote], inClone);
  const pushUrl = await gitValue(git, ['remote', 'get-url', '--push', remote], inClone);
  const objectFormat = await gitValue(git, ['rev-parse', '--show-object-format'], inClone);
  await mkdir(dirname(path), { recursive: true });
  const config = canonicalRepoConfig({ objectFormat, ...(await probeFilesystem(dirname(path), platform)) });
  const at: GitOptions = { gitDir: path };
  const fetchCredential = credentialFor(fetchUrl, token);
  const pushCredential = credentialFor(pushUrl, token);
  const trackingRef = (branch: string) => `refs/remotes/${remote}/${branch}`;

  async function fetchInto(gitDir: string, branch: string): Promise<string> {
    const ref = trackingRef(branch);
    const args = ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--no-recurse-submodules', fetchUrl, `+refs/heads/${branch}:${ref}`];
    await git(args, { gitDir, ...(fetchCredential ? { credential: fetchCredential } : {}) });
    return gitValue(git, ['rev-parse', '--verify', `${ref}^{commit}`], { gitDir });
  }

  if (!(await exists(path))) {
    const temp = `${path}.new-${randomBytes(4).toString('hex')}`;
    try {
      await git(['init', '--quiet', '--bare', '--template=', ...(objectFormat === 'sha1' ? [] : [`--object-format=${objectFormat}`]), temp], { cwd: dirname(path) });
      await writeFile(join(temp, 'config'), config);
      const lender = await findLender(git, clonePath);
      const alternates = join(temp, 'objects', 'info', 'alternates');
      if (lender) {
        await mkdir(dirname(alternates), { recursive: true });
        await writeFile(alternates, `${lender}\n`);
      }
      await fetchInto(temp, base);
      if (lender) {
        await git(['repack', '-a', '-d', '-q'], { gitDir: temp });
        await rm(alternates);
      }
      await rename(temp, path);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }

  async function repair(): Promise<string[]> {
    const changed: string[] = [];
    if ((await readFile(join(path, 'config'), 'utf8').catch(() => undefined)) !== config) {
      // Removed first: a symlink planted there must not have the config written through it.
      await rm(join(path, 'config'), { force: true });
      await writeFile(join(path, 'config'), config, { flag: 'wx' });
      changed.push('config');
    }
    for (const file of FOREIGN_FILES) {
      if (!(await exists(join(path, file)))) continue;
      await rm(join(path, file), { recursive: true, force: true });
      changed.push(file);
    }
    return changed;
  }

  return {
    path,
    at,
    fetchUrl,
    pushUrl,
    objectFormat,
    ...(pushCredential ? { pushCredential } : {}),
    fetch: (branch) => fetchInto(path, branch),
    repair,
    repairedAtOpen: await repair(),
  };
}
