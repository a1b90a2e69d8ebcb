import { realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export type RealPath = (path: string) => string;

/**
 * `path` with every symlink resolved, also when its tail does not exist yet (`~/.claude` before the
 * first run): the longest existing prefix is resolved and the rest appended. Seatbelt matches the
 * resolved path (`/tmp` is `/private/tmp` on macOS), and a rule must see through a link such as
 * `~/keys -> ~/.ssh` before it decides what is readable.
 */
export function realPathOf(path: string, realpath: RealPath = realpathSync.native): string {
  try {
    return realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    const parent = dirname(path);
    if (parent === path) return path;
    return join(realPathOf(parent, realpath), basename(path));
  }
}
