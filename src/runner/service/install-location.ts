import { realpathSync } from 'node:fs';
import { tmpdir as osTmpdir } from 'node:os';
import { sep } from 'node:path';

export interface LocationOptions {
  env?: NodeJS.ProcessEnv;
  tmpdir?: string;
  /** Resolves symlinks (macOS's /var/folders is /private/var/folders). */
  realpath?: (path: string) => string;
}

const within = (path: string, dir: string) => path === dir || path.startsWith(dir.endsWith(sep) ? dir : `${dir}${sep}`);

/**
 * Why `path` will not be there next week, or undefined when it is stable: npx runs packages from
 * its cache (`_npx`), which npm prunes; a temp dir is cleaned at reboot; `node_modules/.bin` is
 * one project's tools, on PATH only inside `npm run`.
 */
export function temporaryReason(path: string, { env = process.env, tmpdir = osTmpdir(), realpath = safeRealpath }: LocationOptions = {}): string | undefined {
  const candidates = [...new Set([path, realpath(path)])];
  const cache = env.npm_config_cache;
  const temp = [...new Set([tmpdir, realpath(tmpdir)])];
  for (const candidate of candidates) {
    if (candidate.split(sep).includes('_npx')) return "npx's cache";
    if (cache && within(candidate, cache)) return `npm's cache (${cache})`;
    if (temp.some((dir) => within(candidate, dir))) return `the temporary directory ${tmpdir}`;
    if (candidate.split(sep).includes('node_modules') && candidate.split(sep).includes('.bin')) return "a project's node_modules/.bin";
  }
  return undefined;
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
