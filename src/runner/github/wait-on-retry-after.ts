import type { Octokit } from '@octokit/rest';
import { setTimeout as sleep } from 'node:timers/promises';

/** Decides whether to wait out a limit, as the throttle's own handlers do: (seconds, request, octokit, attempt). */
type OnLimit = (retryAfter: number, request: { method: string; url: string }, octokit: unknown, retryCount: number) => boolean;

interface Answered {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined> };
}

// GitHub asks a client that got no `retry-after` to wait at least a minute before trying again.
const DEFAULT_WAIT_SECONDS = 60;

/**
 * A 429 the throttle does not recognise (its message names no secondary limit, and the primary
 * limit is not exhausted) still says in `retry-after` when to come back. The retry plugin's blind
 * backoff would ask again within seconds of GitHub saying "in an hour", prolonging the limit; this
 * waits as long as GitHub says when `onLimit` agrees, and otherwise lets the 429 fail the request
 * so the cycle skips with the reset time. Registered inside the retry plugin, which leaves 429s alone.
 */
export function waitOnRetryAfter(onLimit: OnLimit, secondMs: number) {
  return (octokit: Pick<Octokit, 'hook'>) => {
    octokit.hook.wrap('request', async (request, options) => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await request(options);
        } catch (error) {
          const seconds = plainTooManyRequests(error as Answered);
          if (seconds === undefined || !onLimit(seconds, { method: options.method, url: options.url }, octokit, attempt)) throw error;
          await sleep(seconds * secondMs);
        }
      }
    });
  };
}

/** The seconds a 429 asks for, when it is one the throttle leaves alone; undefined otherwise. */
function plainTooManyRequests({ status, message, response }: Answered): number | undefined {
  if (status !== 429 || !response) return undefined;
  const headers = response.headers ?? {};
  if (/\bsecondary rate\b/i.test(String(message ?? '')) || String(headers['x-ratelimit-remaining']) === '0') return undefined;
  const seconds = Number(headers['retry-after']);
  return headers['retry-after'] !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_WAIT_SECONDS;
}
