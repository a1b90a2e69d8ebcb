import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every entry under `root`, by relative path: its kind, permission bits, and the SHA-256 of its
 * bytes (a file) or its target (a symlink). Two equal snapshots mean the same files with the same
 * bytes and modes; times are left out. For the developer's clone that is the working tree (their
 * uncommitted and untracked work) and all of `.git`: refs, packed-refs, logs, HEAD, config, hooks,
 * index, the worktrees list, objects, FETCH_HEAD.
 */
export function snapshotTree(root: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (relative: string) => {
    for (const name of readdirSync(join(root, relative)).sort()) {
      const path = relative === '' ? name : `${relative}/${name}`;
      const full = join(root, path);
      const stat = lstatSync(full);
      const mode = (stat.mode & 0o7777).toString(8);
      if (stat.isSymbolicLink()) entries[path] = `link ${mode} -> ${readlinkSync(full)}`;
      else if (stat.isDirectory()) {
        entries[path] = `dir ${mode}`;
        walk(path);
      } else entries[path] = `file ${mode} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
    }
  };
  walk('');
  return entries;
}
