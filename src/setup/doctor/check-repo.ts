import { realpath } from 'node:fs/promises';
import type { RunnerConfig } from '../../config/index.js';
import { parseGithubRemote, redactRemoteUrl } from '../parse-remote-url.js';
import { gitOutput, type SetupGit } from '../setup-git.js';
import { fail, ok, warn, type DoctorCheck } from './types.js';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** `repo.path` is a git checkout (its top level, so worktrees are made from the right place). */
export async function checkGitRepository(git: SetupGit, path: string): Promise<DoctorCheck> {
  const result = await git(['rev-parse', '--show-toplevel'], { cwd: path });
  if (result.failure === 'missing') return fail('git-repository', `repo.path ${path} does not exist (or git is not installed)`, 'set repo.path to your clone of the repository');
  const top = gitOutput(result);
  if (!top) return fail('git-repository', `repo.path ${path} is not a git repository`, 'set repo.path to your clone, or `git clone` the repository there');
  const [real, realTop] = await Promise.all([realpath(path).catch(() => path), realpath(top).catch(() => top)]);
  if (real !== realTop) return warn('git-repository', `repo.path ${path} is inside the clone at ${top}`, `set repo.path to ${top}`);
  return ok('git-repository', `${path} is a git repository`);
}

/**
 * `repo.remote` exists and its URL is `repo.github` on the host `github.apiUrl` belongs to. Returns
 * the URL for the base-branch check.
 */
export async function checkRemote(git: SetupGit, config: RunnerConfig): Promise<{ check: DoctorCheck; url?: string }> {
  const { path, remote, github } = config.repo;
  const url = gitOutput(await git(['config', '--get', `remote.${remote}.url`], { cwd: path }));
  if (!url) {
    return { check: fail('remote', `repo.remote "${remote}" is not a remote of ${path}`, `\`git remote add ${remote} https://github.com/${github}.git\`, or set repo.remote`) };
  }
  const shown = redactRemoteUrl(url);
  const parsed = parseGithubRemote(url);
  if (!parsed) {
    return { url, check: warn('remote', `${remote} is ${shown}, not a GitHub URL: cannot confirm it is repo.github "${github}"`) };
  }
  if (!same(parsed.github, github)) {
    return { url, check: fail('remote', `${remote} is ${shown}, which is ${parsed.github}, but repo.github is "${github}"`, `set repo.github to "${parsed.github}", or point ${remote} at ${github}`) };
  }
  const apiUrl = config.github.apiUrl.replace(/\/+$/, '');
  if (!same(parsed.apiUrl, apiUrl)) {
    return { url, check: fail('remote', `${remote} is on ${parsed.host}, but github.apiUrl is ${apiUrl}`, `set github.apiUrl to "${parsed.apiUrl}"`) };
  }
  return { url, check: ok('remote', `${remote} is ${shown} (${github})`) };
}
