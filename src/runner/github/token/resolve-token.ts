import { eraseInitialEnv } from './erase-initial-env.js';
import { findToken, type FindTokenOptions, type TokenMode } from './find-token.js';
import { webHostOf } from '../web-host-of.js';

export interface ResolveTokenOptions extends Omit<FindTokenOptions, 'mode' | 'host'> {
  /** `github.token` of the runner config. */
  mode: TokenMode;
  /** `github.apiUrl`: on GitHub Enterprise, `gh auth token` is asked for that host. */
  apiUrl?: string;
  /**
   * Take the token variables out of `env` once read (and, when `env` is this process's own, out of
   * the environment block the kernel shows in `/proc/<pid>/environ`), so the runner keeps the token
   * in memory only and no process it starts inherits it. The daemon reads the token once at start.
   */
  consume?: boolean;
  erase?: (names: readonly string[]) => unknown;
}

/** The token and where it came from, named when GitHub rejects it ("the token from GH_TOKEN"). */
export interface ResolvedToken {
  token: string;
  source: string;
}

const TOKEN_VARIABLES = ['GITHUB_TOKEN', 'GH_TOKEN'] as const;

/** The GitHub token the runner talks to the API and pushes with (never given to the agent); throws what to do. */
export async function resolveTokenWithSource({ apiUrl, consume = false, erase = eraseInitialEnv, ...options }: ResolveTokenOptions): Promise<ResolvedToken> {
  const found = await findToken({ ...options, ...(apiUrl === undefined ? {} : { host: webHostOf(apiUrl) }) });
  if (!found.ok) throw new Error(`${found.reason}: ${found.fix}`);
  if (consume) {
    const env = options.env ?? process.env;
    for (const name of TOKEN_VARIABLES) delete env[name];
    if (env === process.env) erase(TOKEN_VARIABLES);
  }
  return { token: found.token, source: found.source };
}

export async function resolveToken(options: ResolveTokenOptions): Promise<string> {
  return (await resolveTokenWithSource(options)).token;
}
