import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

export interface FindBinOptions {
  env?: NodeJS.ProcessEnv;
  /** True when `path` is an executable file. */
  exists?: (path: string) => boolean;
  home?: string;
}

/**
 * Where a binary is looked for after PATH, in order. A daemon started by launchd or systemd gets a
 * minimal PATH that misses Homebrew (/opt/homebrew/bin on Apple silicon, /usr/local/bin on Intel)
 * and pipx/uv installs (~/.local/bin), which is where agent CLIs usually live.
 */
export const EXTRA_BIN_DIRS = ['/opt/homebrew/bin', '/usr/local/bin', '~/.local/bin'] as const;

/** The search order in words, for error messages. */
export const BIN_SEARCH_DESCRIPTION = 'PATH, /opt/homebrew/bin, /usr/local/bin or ~/.local/bin';

export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The absolute path of `name`, or undefined. A name with a slash (or starting with `~/`) is a
 * path, checked as given; a bare name is searched on PATH, then in EXTRA_BIN_DIRS.
 */
export function findBin(
  name: string,
  { env = process.env, exists = isExecutableFile, home = homedir() }: FindBinOptions = {},
): string | undefined {
  const expandHome = (path: string) => (path === '~' || path.startsWith('~/') ? join(home, path.slice(1)) : path);
  if (name.includes('/')) {
    const path = expandHome(name);
    const absolute = isAbsolute(path) ? path : resolve(path);
    return exists(absolute) ? absolute : undefined;
  }
  const pathDirs = (env.PATH ?? '').split(delimiter).filter((dir) => isAbsolute(dir));
  const dirs = [...new Set([...pathDirs, ...EXTRA_BIN_DIRS.map(expandHome)])];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (exists(candidate)) return candidate;
  }
  return undefined;
}
