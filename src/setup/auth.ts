import { Octokit } from '@octokit/rest';
import { explainGithubError, deleteToken, readToken, storeToken, tokenStatus, type StoredIn, type TokenStatus, type TokenStoreOptions } from '../runner/index.js';

export interface AuthOptions {
  /** `github.apiUrl`. */
  apiUrl: string;
  store?: TokenStoreOptions;
  timeoutMs?: number;
}

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

async function whoIs(token: string, { apiUrl, timeoutMs = 15_000 }: AuthOptions, source: string): Promise<{ login: string; scopes?: string[] }> {
  const octokit = new Octokit({ auth: token, baseUrl: apiUrl.replace(/\/+$/, ''), userAgent: 'overnight-auth', log: quiet });
  try {
    const { data, headers } = await octokit.rest.users.getAuthenticated({ request: { signal: AbortSignal.timeout(timeoutMs) } });
    const header = headers['x-oauth-scopes'];
    return { login: data.login, ...(typeof header === 'string' ? { scopes: header.split(',').map((s) => s.trim()).filter(Boolean) } : {}) };
  } catch (error) {
    throw new Error(explainGithubError(error, { apiUrl, tokenSource: source }));
  }
}

export interface LoginResult {
  login: string;
  stored: StoredIn;
  /** Things that will go wrong later, e.g. a classic token without the repo scope. */
  warnings: string[];
}

/** `overnight auth login`: the token is checked against GitHub first, then stored under the login it belongs to. */
export async function authLogin(token: string, options: AuthOptions): Promise<LoginResult> {
  const { login, scopes } = await whoIs(token.trim(), options, 'the token you gave');
  const warnings: string[] = [];
  if (scopes !== undefined && !scopes.includes('repo')) {
    warnings.push(`the token's scopes are "${scopes.join(', ') || 'none'}": reading issues and pushing to a private repository needs "repo"`);
  }
  const stored = await storeToken(token.trim(), login, options.store);
  return { login, stored, warnings };
}

export interface StatusResult {
  status: TokenStatus;
  /** The stored token's user, when GitHub accepts it. */
  login?: string;
  /** Why the stored token cannot be used: unreadable, or rejected by GitHub. */
  problem?: string;
}

/** `overnight auth status`: where the token is, and whether GitHub still accepts it. */
export async function authStatus(options: AuthOptions): Promise<StatusResult> {
  const status = await tokenStatus(options.store);
  if (!status.found) return { status };
  if (status.problem) return { status, problem: status.problem };
  const stored = await readToken(options.store);
  if (!stored) return { status };
  try {
    return { status, login: (await whoIs(stored.token, options, stored.where)).login };
  } catch (error) {
    return { status, problem: (error as Error).message };
  }
}

/** `overnight auth logout`: removed from every store that had it. */
export async function authLogout(options: Pick<AuthOptions, 'store'> = {}): Promise<StoredIn[]> {
  return deleteToken(options.store);
}
