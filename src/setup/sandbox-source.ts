import { basename, resolve } from 'node:path';
import { chooseRemote, InitError } from './choose-remote.js';
import { parseGithubRemote } from './parse-remote-url.js';
import { createSetupGit, gitOutput, type SetupGit } from './setup-git.js';

/** Which clone, branch and repository name `overnight sandbox --repo PATH` stands in for. */
export interface SandboxSource {
  /** The clone's top level. */
  repoPath: string;
  /** The base branch: the stand-in's default branch. */
  branch: string;
  /** Where that branch is in the clone: a local branch, else the remote-tracking one. */
  ref: string;
  /** "owner/name" from the clone's GitHub remote, so its config's repo.github stays as it is. */
  owner: string;
  name: string;
}

/**
 * Reads, never writes, the clone: the base branch is `--base`, else the remote's HEAD as last
 * fetched, else the branch checked out. Nothing is asked of the network: this is the offline way
 * to try overnight.
 */
export async function sandboxSource(path: string, { base, git = createSetupGit() }: { base?: string; git?: SetupGit } = {}): Promise<SandboxSource> {
  const start = resolve(path);
  const repoPath = gitOutput(await git(['rev-parse', '--show-toplevel'], { cwd: start }));
  if (!repoPath) throw new InitError(`${start} is not a git repository: pass --repo the path of your clone`);
  const remote = await chooseRemote(git, repoPath).catch(() => undefined);
  const remoteHead = remote && gitOutput(await git(['symbolic-ref', '--quiet', '--short', `refs/remotes/${remote.name}/HEAD`], { cwd: repoPath }));
  const checkedOut = gitOutput(await git(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: repoPath }));
  const branch = base ?? remoteHead?.replace(`${remote?.name}/`, '') ?? checkedOut;
  if (!branch) throw new InitError(`cannot tell the base branch of ${repoPath} (a detached HEAD and no remote HEAD): pass --base BRANCH`);
  const candidates = [`refs/heads/${branch}`, ...(remote ? [`refs/remotes/${remote.name}/${branch}`] : [])];
  let ref: string | undefined;
  for (const candidate of candidates) {
    if ((await git(['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`], { cwd: repoPath })).exitCode === 0) {
      ref = candidate;
      break;
    }
  }
  if (!ref) throw new InitError(`${repoPath} has no branch "${branch}" (looked for ${candidates.join(', ')}): pass --base BRANCH`);
  const github = remote && parseGithubRemote(remote.url)?.github;
  const [owner, name] = github ? (github.split('/') as [string, string]) : ['you', basename(repoPath).replace(/[^A-Za-z0-9_.-]+/g, '-')];
  return { repoPath, branch, ref, owner, name };
}
