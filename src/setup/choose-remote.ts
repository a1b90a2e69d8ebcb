import { gitOutput, type SetupGit } from './setup-git.js';

/** `overnight init` cannot go on; the message says what to do. */
export class InitError extends Error {
  override name = 'InitError';
}

export interface ChosenRemote {
  name: string;
  /** As configured (before insteadOf rewrites, which say where git goes, not which repository it is), credentials included. */
  url: string;
}

/** The remote to fetch from and push to: the one asked for, else `origin`, else the only one. */
export async function chooseRemote(git: SetupGit, repoPath: string, wanted?: string): Promise<ChosenRemote> {
  const listed = gitOutput(await git(['remote'], { cwd: repoPath }));
  const remotes = (listed ?? '').split('\n').filter(Boolean);
  let name: string;
  if (wanted !== undefined) {
    if (!remotes.includes(wanted)) {
      throw new InitError(`${repoPath} has no remote "${wanted}" (it has: ${remotes.join(', ') || 'none'})`);
    }
    name = wanted;
  } else if (remotes.includes('origin')) {
    name = 'origin';
  } else if (remotes.length === 1) {
    name = remotes[0] as string;
  } else if (remotes.length === 0) {
    throw new InitError(`${repoPath} has no git remote: add the GitHub repository with \`git remote add origin <url>\`, then run init again`);
  } else {
    throw new InitError(`${repoPath} has several remotes and none is "origin" (${remotes.join(', ')}): pick one with --remote NAME`);
  }
  const url = gitOutput(await git(['config', '--get', `remote.${name}.url`], { cwd: repoPath }));
  if (!url) throw new InitError(`remote "${name}" has no URL: set one with \`git remote set-url ${name} <url>\``);
  return { name, url };
}
