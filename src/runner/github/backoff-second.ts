import { parseDuration } from '../../config/index.js';

/**
 * Shortens how long a "second" of the GitHub client's backoff and `retry-after` waits lasts, for
 * one process. The fault suite and the tests that meet a refused connection set it so GitHub's
 * failures are met in milliseconds; nothing a user configures needs it.
 */
export const BACKOFF_SECOND_VARIABLE = 'OVERNIGHT_BACKOFF_SECOND';

/** The variable's value, from 1 ms up to the real second; undefined when unset or not a duration. */
export function backoffSecondMs(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const value = env[BACKOFF_SECOND_VARIABLE];
  const ms = value ? parseDuration(value) : undefined;
  return ms === undefined ? undefined : Math.min(1000, Math.max(1, ms));
}
