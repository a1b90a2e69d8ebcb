import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck/light.js';
import type { Logger } from 'pino';
import { waitOnRetryAfter } from './wait-on-retry-after.js';

export interface GithubLimits {
  /** Retries of a request that failed for a passing reason (5xx, network, timeout). */
  retries?: number;
  /** Waits up to this long for a rate limit to reset within a cycle; a later reset fails the request. */
  maxRateLimitWaitSeconds?: number;
  /** One request may take this long before it counts as failed (and is retried). */
  requestTimeoutMs?: number;
  /**
   * Space writes as GitHub asks of integrations (one a second, three seconds between those that
   * notify people). Default: on, except against a loopback `apiUrl` (the local stand-in).
   */
  paceWrites?: boolean;
  /** Milliseconds per second of backoff and of `retry-after`; tests make it small. */
  secondMs?: number;
}

export interface OctokitOptions extends GithubLimits {
  apiUrl: string;
  token: string;
  userAgent: string;
  log?: Pick<Logger, 'warn'>;
}

/** How often one request meets a rate limit before the runner stops waiting for it. */
const RATE_LIMIT_RETRIES = 2;

// plugin-retry's own list, and 429: a rate limit is waited out as GitHub says (the throttle, and
// wait-on-retry-after.ts for a 429 the throttle does not know), never retried on a blind backoff.
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

const isLoopback = (apiUrl: string) => /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(new URL(apiUrl).hostname);

/**
 * The runner's Octokit: retries with backoff (@octokit/plugin-retry: 5xx and network failures,
 * never 4xx), GitHub's rate limits honoured (@octokit/plugin-throttling, and any other 429 by its
 * `retry-after`: a short wait is waited out, a long one fails the request so the cycle can skip
 * with the reset time), a timeout on
 * every request, and every failed attempt and every wait logged.
 */
export function octokitWithLimits(options: OctokitOptions): Octokit {
  const { apiUrl, token, userAgent, log, retries = 3, maxRateLimitWaitSeconds = 60, requestTimeoutMs = 60_000, secondMs = 1000 } = options;
  const paceWrites = options.paceWrites ?? !isLoopback(apiUrl);
  const limited = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    const waits = retryAfter <= maxRateLimitWaitSeconds && retryCount < RATE_LIMIT_RETRIES;
    log?.warn(
      { method: request.method, url: request.url, retryAfter, retryCount, waits },
      waits
        ? `GitHub ${kind} reached; retrying ${request.method} ${request.url} in ${retryAfter} s`
        : `GitHub ${kind} reached; it resets in ${retryAfter} s, past the ${maxRateLimitWaitSeconds} s the runner waits (or tried ${retryCount} times)`,
    );
    return waits;
  };
  const Limited = Octokit.plugin(logFailedAttempts(log), waitOnRetryAfter(limited('rate limit'), secondMs), retry, throttling);
  return new Limited({
    auth: token,
    baseUrl: apiUrl.replace(/\/+$/, ''),
    userAgent,
    // Octokit logs request failures to the console by default; the runner logs them itself.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    request: { fetch: fetchWithTimeout(requestTimeoutMs) },
    retry: { retries, retryAfterBaseValue: secondMs, doNotRetry: DO_NOT_RETRY },
    throttle: {
      onRateLimit: limited('rate limit'),
      onSecondaryRateLimit: limited('secondary rate limit'),
      retryAfterBaseValue: secondMs,
      ...(paceWrites ? {} : unpacedGroups()),
    },
  });
}

/** A fetch that gives up after `ms`: a connection GitHub never answers must not hang a cycle. */
function fetchWithTimeout(ms: number): typeof fetch {
  return (input, init = {}) => {
    const timeout = AbortSignal.timeout(ms);
    return fetch(input, { ...init, signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
  };
}

/** The throttle's write and notification queues without their spacing (one at a time still). */
function unpacedGroups() {
  return {
    write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
    notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
  };
}

type RequestFailure = { status?: number; message?: string; response?: unknown };

/**
 * Logs each attempt that failed for a reason a retry may cure. Registered before the retry
 * plugin, so it sits inside it and sees every attempt, not only the last.
 */
function logFailedAttempts(log: Pick<Logger, 'warn'> | undefined) {
  return (octokit: Pick<Octokit, 'hook'>) => {
    octokit.hook.error('request', (error, request) => {
      const { status, message, response } = error as RequestFailure;
      // Octokit gives a request that got no answer at all (reset, refused, timed out) status 500.
      const answered = response !== undefined ? status : undefined;
      if (answered === undefined || answered >= 500 || answered === 429) {
        const attempt = Number((request.request as { retryCount?: number } | undefined)?.retryCount ?? 0) + 1;
        log?.warn({ status: answered, method: request.method, url: request.url, attempt, error: message }, `GitHub request failed (${answered ?? 'no answer'}): ${request.method} ${request.url}, attempt ${attempt}`);
      }
      throw error;
    });
  };
}
