import { stat } from 'node:fs/promises';
import type { RunnerConfig } from '../../../config/index.js';
import type { Git } from '../../git/git.js';
import { credentialEnv } from '../../git/push-credential.js';

export interface RepoPreflightOptions {
  repo: RunnerConfig['repo'];
  git: Git;
  /** The runner's GitHub token: the remote is asked with the credential the runner fetches with. */
  token?: string | undefined;
  /** How long the remote may take to answer `ls-remote`. */
  timeoutMs?: number;
}

/** Each problem names the field to change; undefined when the clone, its remote and the base are all there. */
export async function preflightRepo({ repo, git, token, timeoutMs = 30_000 }: RepoPreflightOptions): Promise<string | undefined> {
  const { path, remote, base } = repo;
  const kind = await stat(path).then(
    (found) => (found.isDirectory() ? 'dir' : 'file'),
    (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? 'missing' : `unreadable (${error.code ?? error.message})`),
  );
  if (kind === 'missing') return `repo.path ${path} does not exist: set it to your clone of the repository`;
  if (kind === 'file') return `repo.path ${path} is a file, not your clone of the repository`;
  if (kind !== 'dir') return `repo.path ${path} is ${kind}`;
  const inRepo = { cwd: path, allowFailure: true };
  if ((await git(['rev-parse', '--git-dir'], inRepo)).exitCode !== 0) {
    return `repo.path ${path} is not a git repository: set it to your clone of the repository`;
  }

  const url = await git(['remote', 'get-url', remote], inRepo);
  if (url.exitCode !== 0) {
    const remotes = (await git(['remote'], inRepo)).stdout.split('\n').filter(Boolean);
    const has = remotes.length > 0 ? `its remotes: ${remotes.join(', ')}` : 'it has no remotes';
    return `repo.remote "${remote}" is not a remote of ${path} (${has})`;
  }
  const where = `repo.remote "${remote}" (${withoutUserInfo(url.stdout.trim())})`;
  const signal = AbortSignal.timeout(timeoutMs);
  const listed = await git(['ls-remote', '--heads', remote, `refs/heads/${base}`], {
    ...inRepo,
    env: credentialEnv(url.stdout.trim(), token),
    signal,
  });
  if (signal.aborted) return `cannot reach ${where}: no answer in ${Math.round(timeoutMs / 1000)} s`;
  if (listed.exitCode !== 0) return `cannot reach ${where}: ${gitReason(listed.stderr)}`;
  if (listed.stdout.trim() === '') return `repo.base "${base}" does not exist on ${where}`;
  return undefined;
}

/** A remote URL as it may be shown: credentials written into it stay out of messages. */
function withoutUserInfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

// What git adds to every failed remote read; the line before it says what went wrong.
const BOILERPLATE = /^(Could not read from remote repository\.|Please make sure you have the correct access rights|and the repository exists\.)$/;

/** git's own reason: "unable to access 'https://...': Could not resolve host: x", "ssh: connect to host ...". */
function gitReason(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim().replace(/^(fatal|error): /, ''))
    .filter((line) => line !== '' && !BOILERPLATE.test(line));
  return lines.length > 0 ? lines.join('; ') : 'git gave no reason';
}
