import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where overnight keeps its files, per platform convention: macOS under ~/Library, elsewhere the
 * XDG base directories. `OVERNIGHT_HOME` puts everything under one directory (tests, the demo).
 */
export interface PlatformPaths {
  /** Default runner config file (`overnight validate` with no argument). */
  configFile: string;
  /** SQLite state, worktrees, session logs, the daemon lock. */
  dataDir: string;
  /** Daemon JSON-lines logs. */
  logDir: string;
}

export interface PathOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

export function platformPaths({
  platform = process.platform,
  env = process.env,
  home = homedir(),
}: PathOptions = {}): PlatformPaths {
  const root = env.OVERNIGHT_HOME;
  if (root) {
    return { configFile: join(root, 'config.json'), dataDir: join(root, 'data'), logDir: join(root, 'logs') };
  }
  if (platform === 'darwin') {
    const support = join(home, 'Library', 'Application Support', 'overnight');
    return { configFile: join(support, 'config.json'), dataDir: support, logDir: join(home, 'Library', 'Logs', 'overnight') };
  }
  const config = env.XDG_CONFIG_HOME || join(home, '.config');
  const data = env.XDG_DATA_HOME || join(home, '.local', 'share');
  const state = env.XDG_STATE_HOME || join(home, '.local', 'state');
  return {
    configFile: join(config, 'overnight', 'config.json'),
    dataDir: join(data, 'overnight'),
    logDir: join(state, 'overnight', 'logs'),
  };
}

/** The data dir of a given config: its `stateDir` when set, else the platform's. */
export function dataDirFor(config: { stateDir?: string | undefined }, options?: PathOptions): string {
  return config.stateDir ?? platformPaths(options).dataDir;
}

/** The daemon's log dir of a given config: `<stateDir>/logs` when `stateDir` is set, else the platform's. */
export function logDirFor(config: { stateDir?: string | undefined }, options?: PathOptions): string {
  return config.stateDir ? join(config.stateDir, 'logs') : platformPaths(options).logDir;
}
