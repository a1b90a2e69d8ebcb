import type { GithubPort } from './types.js';

/**
 * A GithubPort whose real client is built on the first call. The client (Octokit and its REST
 * endpoint tables, a few MB) is needed at the first cycle, not while the daemon waits for its
 * window; every method of the port is async, so each call simply waits for the client first.
 * A failed build is not kept: the next call tries again.
 */
export function deferredGithub(build: () => Promise<GithubPort>): GithubPort {
  let client: Promise<GithubPort> | undefined;
  const ready = () => {
    if (!client) {
      const building = build();
      building.catch(() => {
        if (client === building) client = undefined;
      });
      client = building;
    }
    return client;
  };
  return new Proxy({} as GithubPort, {
    get(_target, name) {
      // Not a thenable: `await port` or returning it from an async function must not call into it.
      if (typeof name !== 'string' || name === 'then') return undefined;
      return async (...args: unknown[]) => {
        const port = (await ready()) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
        const method = port[name];
        if (typeof method !== 'function') throw new TypeError(`GithubPort has no method ${name}`);
        return method.apply(port, args);
      };
    },
  });
}
