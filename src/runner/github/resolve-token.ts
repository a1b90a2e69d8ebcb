import { findToken, type FindTokenOptions, type TokenMode } from './find-token.js';
import { webHostOf } from './web-host-of.js';

export interface ResolveTokenOptions extends Omit<FindTokenOptions, 'mode' | 'host'> {
  /** `github.token` of the runner config. */
  mode: TokenMode;
  /** `github.apiUrl`: on GitHub Enterprise, `gh auth token` is asked for that host. */
  apiUrl?: string;
}

/** The token and where it came from, named when GitHub rejects it ("the token from GH_TOKEN"). */
export interface ResolvedToken {
  token: string;
  source: string;
}

/** The GitHub token the runner talks to the API and pushes with (never given to the agent); throws what to do. */
export async function resolveTokenWithSource({ apiUrl, ...options }: ResolveTokenOptions): Promise<ResolvedToken> {
  const found = await findToken({ ...options, ...(apiUrl === undefined ? {} : { host: webHostOf(apiUrl) }) });
  if (!found.ok) throw new Error(`${found.reason}: ${found.fix}`);
  return { token: found.token, source: found.source };
}

export async function resolveToken(options: ResolveTokenOptions): Promise<string> {
  return (await resolveTokenWithSource(options)).token;
}
