export interface WaitUntilOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Stops the wait at once; the error says it was interrupted. */
  signal?: AbortSignal | undefined;
  /** More to say when the wait times out (the state last seen, a log's tail). */
  explain?: () => string | Promise<string>;
  /** The error to throw, e.g. the demo's own error type; default `new Error(message)`. */
  fail?: (message: string) => Error;
}

/** A found value: anything but undefined, null and false. */
export type Found<T> = Exclude<T, undefined | null | false>;

/**
 * Calls `check` until it returns something (not undefined/null/false) and resolves to that. On
 * timeout it fails naming `what`, so a stuck run says what it was waiting for. The deadlines bound
 * a stuck run; they do not measure speed.
 */
export async function waitUntil<T>(what: string, check: () => Promise<T> | T, options: WaitUntilOptions): Promise<Found<T>> {
  const { timeoutMs, intervalMs = 50, signal, explain, fail = (message) => new Error(message) } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) throw fail(`interrupted while waiting for ${what}`);
    let found: T;
    try {
      found = await check();
    } catch (error) {
      // An interruption may break what `check` reads: report the interruption, not the breakage.
      if (signal?.aborted) throw fail(`interrupted while waiting for ${what}`);
      throw error;
    }
    if (found !== undefined && found !== null && found !== false) return found as Found<T>;
    if (Date.now() >= deadline) {
      const more = explain ? `\n${await explain()}` : '';
      throw fail(`timed out after ${formatMs(timeoutMs)} waiting for ${what}${more}`);
    }
    await delay(intervalMs, signal);
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
