import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a machine keeps configuration the sandbox shows read-only. `/etc` is a symlink to
 * `/private/etc` on macOS; `/usr/local/etc`, `/opt/homebrew/etc` and `/opt/local/etc` are
 * Homebrew's and MacPorts' own.
 */
export const SYSTEM_CONFIG_DIRS: readonly string[] = ['/etc', '/private/etc', '/usr/local/etc', '/opt/homebrew/etc', '/opt/local/etc'];

/** Enough for any real /etc (a Debian desktop has about 3 000 entries); a runaway tree stops here. */
const MAX_ENTRIES = 50_000;

export interface PrivateSystemFilesOptions {
  /** The runner's uid and groups: the agent runs with them. */
  uid?: number;
  groups?: readonly number[];
  roots?: readonly string[];
  lstat?: (path: string) => Pick<Stats, 'mode' | 'uid' | 'gid' | 'isDirectory' | 'isFile'>;
  readdir?: (path: string) => string[];
}

/**
 * Files and directories under the system's config dirs that the runner's user can read and other
 * users cannot: the sandbox shows those dirs read-only, and a permission check inside is made for
 * the runner's user. For a root runner that is `/etc/shadow`, `/etc/gshadow`, the host's SSH keys,
 * `/etc/ssl/private`: the sandbox drops root's capabilities, not its ownership of those files.
 * The sandbox hides what this returns. A directory is returned whole, and not walked into.
 */
export function privateSystemFiles({
  uid = process.getuid?.() ?? -1,
  groups = process.getgroups?.() ?? [],
  roots = SYSTEM_CONFIG_DIRS,
  lstat = lstatSync,
  readdir = (path) => readdirSync(path),
}: PrivateSystemFilesOptions = {}): string[] {
  // Root reads everything on macOS, where nothing takes its privileges away, and its own files on Linux.
  const mayRead = (stat: Pick<Stats, 'mode' | 'uid' | 'gid'>, bits: number) =>
    uid === 0 || (stat.uid === uid ? (stat.mode >> 6) & bits : groups.includes(stat.gid) ? (stat.mode >> 3) & bits : stat.mode & bits) === bits;
  const found: string[] = [];
  let seen = 0;
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdir(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (++seen > MAX_ENTRIES) return;
      const path = join(dir, name);
      let stat;
      try {
        stat = lstat(path);
      } catch {
        continue;
      }
      // Others need read (and, for a directory, search) permission; symlinks are judged where they lead.
      const bits = stat.isDirectory() ? 0o5 : 0o4;
      if (!stat.isDirectory() && !stat.isFile()) continue;
      if ((stat.mode & bits) !== bits && mayRead(stat, bits)) found.push(path);
      else if (stat.isDirectory()) walk(path);
    }
  };
  for (const root of roots) {
    try {
      if (lstat(root).isDirectory()) walk(root);
    } catch {
      // Not on this machine.
    }
  }
  return found;
}
