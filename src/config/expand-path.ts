import { isAbsolute, resolve } from 'node:path';

export interface ExpandOptions {
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  /** Relative results are taken relative to this directory (the config file's). */
  baseDir: string;
}

export type ExpandResult = { ok: true; path: string } | { ok: false; message: string };

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Expands a leading `~`, then `$VAR` and `${VAR}` (`$HOME`, `$WORKSPACE`, ...), then resolves a
 * relative result against the config file's directory, so a config means the same thing
 * whichever directory the daemon starts in. An unset variable is an error, not an empty string:
 * `$WORKSPACE/app` silently becoming `/app` would point the runner at the wrong tree.
 */
export function expandPath(text: string, { env, home, baseDir }: ExpandOptions): ExpandResult {
  const withHome = text === '~' || text.startsWith('~/') ? home + text.slice(1) : text;
  const missing: string[] = [];
  const expanded = withHome.replace(VARIABLE, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    const value = name === 'HOME' ? (env.HOME ?? home) : env[name];
    if (value === undefined || value === '') missing.push(name);
    return value ?? whole;
  });
  if (missing.length > 0) {
    const names = missing.map((name) => `$${name}`).join(' and ');
    return { ok: false, message: `expected ${names} to be set in the environment, got it unset (in ${JSON.stringify(text)})` };
  }
  return { ok: true, path: isAbsolute(expanded) ? expanded : resolve(baseDir, expanded) };
}
