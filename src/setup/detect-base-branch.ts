import { gitOutput, type SetupGit } from './setup-git.js';

export interface DetectedBase {
  branch: string;
  /** How it was found, shown next to the question. */
  from: string;
}

/** How long `git ls-remote` may take: an unreachable or prompting remote must not stall init. */
export const LS_REMOTE_TIMEOUT_MS = 10_000;

/**
 * The branch sessions start from: the remote's HEAD as last fetched, else as the remote says now,
 * else `main` or `master`, whichever exists here, else `main`.
 */
export async function detectBaseBranch(
  git: SetupGit,
  repoPath: string,
  remote: string,
  { lsRemoteTimeoutMs = LS_REMOTE_TIMEOUT_MS }: { lsRemoteTimeoutMs?: number } = {},
): Promise<DetectedBase> {
  const known = gitOutput(await git(['symbolic-ref', '--quiet', `refs/remotes/${remote}/HEAD`], { cwd: repoPath }));
  const prefix = `refs/remotes/${remote}/`;
  if (known?.startsWith(prefix)) return { branch: known.slice(prefix.length), from: `${remote}/HEAD` };

  const listed = await git(['ls-remote', '--symref', remote, 'HEAD'], { cwd: repoPath, timeoutMs: lsRemoteTimeoutMs });
  const head = /^ref: refs\/heads\/(\S+)\s+HEAD$/m.exec(gitOutput(listed) ?? '');
  if (head?.[1]) return { branch: head[1], from: `the HEAD of ${remote} (git ls-remote)` };

  for (const branch of ['main', 'master']) {
    for (const ref of [`refs/remotes/${remote}/${branch}`, `refs/heads/${branch}`]) {
      const found = await git(['show-ref', '--verify', '--quiet', ref], { cwd: repoPath });
      if (found.exitCode === 0) return { branch, from: `${ref.replace(/^refs\/(heads|remotes)\//, '')} exists` };
    }
  }
  return { branch: 'main', from: 'the default' };
}
