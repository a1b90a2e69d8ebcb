import { clockTime, rateLimitOf } from './rate-limit.js';

export interface ExplainContext {
  /** `github.apiUrl`: named when GitHub cannot be reached, and stripped from request paths. */
  apiUrl: string;
  /** Where the token came from ("GH_TOKEN", "`gh auth token`", "the macOS login keychain ..."). */
  tokenSource?: string;
  /** `repo.github`, "owner/name". */
  repo?: string;
  /** For the rate-limit reset time, in the user's own clock. */
  timeZone?: string;
  now?: () => Date;
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed (offline?)',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};
// A GitHub Enterprise server behind a private CA: Node does not read the system keychain.
const TLS_CODES = /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_HAS_EXPIRED|ERR_TLS_CERT_ALTNAME_INVALID)$/;

interface HttpFailure {
  status: number;
  message: string;
  headers: Record<string, string | undefined>;
  method: string;
  url: string;
}

/**
 * One line saying what went wrong talking to GitHub and which config field to look at, for an
 * Octokit RequestError (an HTTP answer, or a network failure Octokit wrapped) or any other error.
 */
export function explainGithubError(error: unknown, context: ExplainContext): string {
  const network = networkReason(error);
  if (network) return `cannot reach github.apiUrl ${context.apiUrl}: ${network}`;
  const http = httpFailure(error);
  if (!http) return error instanceof Error ? error.message : String(error);
  const path = requestPath(http.url, context.apiUrl);
  const rateLimit = rateLimitReset(error, context);
  if (rateLimit !== undefined) return `GitHub rate limit reached; ${rateLimit}`;
  if (http.status === 401) {
    return `GitHub rejected the token from ${context.tokenSource ?? 'the configured source'} (github.token): it is wrong, expired or revoked`;
  }
  if (http.status === 404 && context.repo && isRepositoryPath(path, context.repo)) {
    return `repo.github "${context.repo}" not found, or the token cannot see it`;
  }
  const said = http.message.replace(/ - https:\/\/docs\.github\.com\S*$/, '');
  return `GitHub answered ${http.status} to ${http.method} ${path}: ${said}`;
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  const visit = (value: unknown, depth: number) => {
    if (value === null || typeof value !== 'object' || depth > 5 || chain.includes(value)) return;
    chain.push(value);
    visit((value as { cause?: unknown }).cause, depth + 1);
    // Node's fetch reports every address it tried (IPv6 and IPv4) in an AggregateError.
    for (const inner of (value as { errors?: unknown[] }).errors ?? []) visit(inner, depth + 1);
  };
  visit(error, 0);
  return chain;
}

function networkReason(error: unknown): string | undefined {
  if ((error as { response?: unknown } | null)?.response) return undefined;
  for (const cause of causes(error)) {
    const { code, name } = cause as { code?: unknown; name?: unknown };
    if (name === 'TimeoutError') return 'no answer before the timeout';
    if (typeof code !== 'string') continue;
    if (NETWORK_REASONS[code]) return `${NETWORK_REASONS[code]} (${code})`;
    if (TLS_CODES.test(code)) return `its TLS certificate is not trusted (${code}); point NODE_EXTRA_CA_CERTS at your CA bundle`;
  }
  return undefined;
}

function httpFailure(error: unknown): HttpFailure | undefined {
  const candidate = error as {
    status?: unknown;
    message?: unknown;
    response?: { headers?: Record<string, string | undefined> };
    request?: { method?: string; url?: string };
  } | null;
  if (!candidate?.response || typeof candidate.status !== 'number') return undefined;
  return {
    status: candidate.status,
    message: String(candidate.message ?? ''),
    headers: candidate.response.headers ?? {},
    method: candidate.request?.method ?? 'GET',
    url: candidate.request?.url ?? '',
  };
}

/** The request path under the API root: "/repos/acme/widgets" for GHE's ".../api/v3/repos/acme/widgets". */
function requestPath(url: string, apiUrl: string): string {
  try {
    const base = new URL(apiUrl).pathname.replace(/\/+$/, '');
    const path = new URL(url).pathname;
    return base && path.startsWith(base) ? path.slice(base.length) || '/' : path;
  } catch {
    return url;
  }
}

// Listing endpoints that answer 404 only when the repository itself is missing or hidden.
function isRepositoryPath(path: string, repo: string): boolean {
  const match = /^\/repos\/([^/]+\/[^/]+)(\/(issues|pulls|branches|collaborators|hooks))?\/?$/.exec(path);
  return match?.[1]?.toLowerCase() === repo.toLowerCase();
}

function rateLimitReset(error: unknown, context: ExplainContext): string | undefined {
  const now = (context.now ?? (() => new Date()))();
  const limit = rateLimitOf(error, now);
  if (!limit) return undefined;
  if (!limit.resetAt) return 'try again in a few minutes';
  const minutes = Math.max(1, Math.ceil((limit.resetAt.getTime() - now.getTime()) / 60_000));
  return `resets at ${clockTime(limit.resetAt, context.timeZone)} (in ${minutes} min)`;
}
