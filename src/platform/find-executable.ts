import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/**
 * Where user tools live that a service's PATH misses: launchd and systemd start the daemon with a
 * minimal PATH, without Homebrew (/opt/homebrew/bin on Apple silicon, /usr/local/bin on Intel) or
 * pipx/uv installs (~/.local/bin), which is where agent CLIs and `gh` usually are.
 */
export const USER_BIN_DIRS = ['/opt/homebrew/bin', '/usr/local/bin', '~/.local/bin'] as const;

/** USER_BIN_DIRS in words, for "not found on ..." messages. */
export const USER_BIN_SEARCH = 'PATH, /opt/homebrew/bin, /usr/local/bin or ~/.local/bin';

export interface FindExecutableOptions {
  env?: NodeJS.ProcessEnv;
  /** Searched after PATH, in order; `~/` is the home dir. Default: none. */
  extraDirs?: readonly string[];
  /** True when `path` is an executable file. */
  isExecutable?: (path: string) => boolean;
  home?: string;
}

export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The absolute path of `name`, or undefined. A name with a slash (or `~/...`) is a path, checked
 * as given; a bare name is searched on PATH, then in `extraDirs`. Looked up by hand rather than
 * left to spawn: forking only to learn a command is missing costs more than a whole constraint
 * check, "not installed" must be known before anything starts, and stand-in scripts first on PATH
 * must be found the way the real tools are.
 */
export function findExecutable(
  name: string,
  { env = process.env, extraDirs = [], isExecutable = isExecutableFile, home = homedir() }: FindExecutableOptions = {},
): string | undefined {
  const expandHome = (path: string) => (path === '~' || path.startsWith('~/') ? join(home, path.slice(1)) : path);
  if (name.includes('/')) {
    const path = expandHome(name);
    const absolute = isAbsolute(path) ? path : resolve(path);
    return isExecutable(absolute) ? absolute : undefined;
  }
  const pathDirs = (env.PATH ?? '').split(delimiter).filter((dir) => isAbsolute(dir));
  for (const dir of new Set([...pathDirs, ...extraDirs.map(expandHome)])) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}
