/**
 * GitHub's rate limits as they reach a caller: an Octokit RequestError the throttle gave up on.
 * A primary limit is a 403 or 429 with `x-ratelimit-remaining: 0` and the reset as epoch seconds in
 * `x-ratelimit-reset`; a secondary limit is a 403 or 429 whose message says "secondary rate limit",
 * usually with `retry-after` seconds
 * (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit).
 */
export interface RateLimit {
  /** When GitHub says a request may be tried again; undefined when it did not say. */
  resetAt?: Date;
  secondary: boolean;
}

interface ErrorShape {
  status?: unknown;
  message?: unknown;
  response?: { headers?: Record<string, string | number | undefined> };
}

export function rateLimitOf(error: unknown, now: Date): RateLimit | undefined {
  const candidate = error as ErrorShape | null;
  if (!candidate?.response || typeof candidate.status !== 'number') return undefined;
  const headers = candidate.response.headers ?? {};
  const message = String(candidate.message ?? '');
  const exhausted = String(headers['x-ratelimit-remaining']) === '0';
  const secondary = /secondary rate limit/i.test(message);
  const limited = candidate.status === 429 || (candidate.status === 403 && (exhausted || /rate limit/i.test(message)));
  if (!limited) return undefined;
  const retryAfter = Number(headers['retry-after']);
  const resetEpoch = Number(headers['x-ratelimit-reset']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter)) return { resetAt: new Date(now.getTime() + retryAfter * 1000), secondary };
  if (exhausted && Number.isFinite(resetEpoch) && resetEpoch > 0) return { resetAt: new Date(resetEpoch * 1000), secondary };
  return { secondary };
}

/** "02:13" in `timeZone` (the runner's schedule zone: the user's own clock). */
export function clockTime(at: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) }).format(at);
}

/** A cycle's skip reason: "GitHub rate limit reached; resets at 02:13 (Europe/Berlin)". */
export function rateLimitReason(limit: RateLimit, timeZone: string): string {
  const kind = limit.secondary ? 'GitHub secondary rate limit reached' : 'GitHub rate limit reached';
  return limit.resetAt ? `${kind}; resets at ${clockTime(limit.resetAt, timeZone)} (${timeZone})` : `${kind}; try again in a few minutes`;
}
