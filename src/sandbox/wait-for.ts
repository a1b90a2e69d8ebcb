export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Named in the timeout error, e.g. "a pull request for agent/x". */
  what?: string;
}

/**
 * Reads `read()` until `check` returns something other than undefined/false/null, and resolves to
 * that. On timeout it fails naming `what` and showing the last reading's check, so a stuck e2e
 * test says what it was waiting for.
 */
export async function waitFor<S, T>(read: () => Promise<S> | S, check: (state: S) => T | undefined | false | null, options: WaitOptions = {}): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 50, what = 'a condition' } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = check(await read());
    if (found !== undefined && found !== false && found !== null) return found;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
