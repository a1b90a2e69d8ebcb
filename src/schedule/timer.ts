type Handle = ReturnType<typeof globalThis.setTimeout>;

export interface TimerOptions {
  setTimeout?: (callback: () => void, ms: number) => Handle;
  clearTimeout?: (handle: Handle) => void;
  now?: () => Date;
}

/** Stops a pending `at` call; harmless after it fired or was already cancelled. */
export type CancelTimer = () => void;

export interface Timer {
  /** Calls `fn` once, when the wall clock reaches `date` (at once if it already has). */
  at(date: Date, fn: () => void): CancelTimer;
}

// Waits are chopped into pieces of at most a minute, and the wall clock re-read after each,
// for two reasons: Node clamps a delay above 2^31-1 ms (24.8 days) to 1 ms, and timers count
// monotonic time, which stops while a Mac sleeps, so a tick due during sleep would otherwise
// fire as late as the sleep was long.
const RECHECK_MS = 60_000;

/** A one-shot wall-clock timer whose pending waits never keep the process alive. */
export function createTimer({
  setTimeout = globalThis.setTimeout,
  clearTimeout = globalThis.clearTimeout,
  now = () => new Date(),
}: TimerOptions = {}): Timer {
  return {
    at(date, fn) {
      let handle: Handle | undefined;
      const arm = () => {
        const remaining = date.getTime() - now().getTime();
        handle = setTimeout(
          () => {
            handle = undefined;
            if (now() >= date) fn();
            else arm();
          },
          Math.min(Math.max(remaining, 0), RECHECK_MS),
        );
        handle.unref?.();
      };
      arm();
      return () => {
        if (handle !== undefined) clearTimeout(handle);
        handle = undefined;
      };
    },
  };
}
