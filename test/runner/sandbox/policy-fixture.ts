import { sandboxPolicy, type SandboxPolicyInput } from '../../../src/runner/sandbox/sandbox-policy.js';
import type { DeniedPath } from '../../../src/runner/sandbox/types.js';

export const HOME = '/home/dev';

/** A home directory layout for the pure builders: symlinks as a map, existing paths as a set. */
export function fakeFs({ links = {}, dirs = [], files = [] }: { links?: Record<string, string>; dirs?: string[]; files?: string[] } = {}) {
  const realpath = (path: string) => {
    for (const [link, target] of Object.entries(links)) {
      if (path === link || path.startsWith(`${link}/`)) return target + path.slice(link.length);
    }
    return path;
  };
  const fileType = (path: string): DeniedPath['type'] =>
    dirs.includes(path) ? 'directory' : files.includes(path) ? 'file' : 'missing';
  return { realpath, fileType };
}

export function policyFor(input: Partial<SandboxPolicyInput> = {}, fs = fakeFs()) {
  return sandboxPolicy(
    {
      kind: 'claude-code',
      home: HOME,
      workspace: '/home/dev/.local/share/overnight/worktrees/20261128-0107-a1b2c3',
      tmpDir: '/home/dev/.local/share/overnight/tmp/20261128-0107-a1b2c3',
      neverRead: ['/home/dev/.local/share/overnight', '/home/dev/.config/overnight/config.json'],
      ...input,
    },
    fs,
  );
}
