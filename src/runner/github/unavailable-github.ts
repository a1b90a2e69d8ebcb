import type { GithubPort } from './types.js';

/**
 * A GitHub client that cannot be had (no token): every call fails with `error`, so a dry run
 * can go on and show what it learns without GitHub, GitHub's facts marked unknown with why.
 */
export function unavailableGithub(error: unknown): GithubPort {
  return new Proxy({} as GithubPort, {
    // Not a thenable: `await port` must not call `then`.
    get: (_target, key) => (key === 'then' ? undefined : () => Promise.reject(error)),
  });
}
