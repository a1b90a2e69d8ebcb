import type { SandboxSnapshot } from '../sandbox/snapshot.js';

export interface WaiterOptions {
  /** Reads the world once (and prints what changed); throws when the show cannot go on. */
  look(): Promise<SandboxSnapshot>;
  signal?: AbortSignal | undefined;
  pollMs?: number;
  /** The error to throw: the demo reports it as the reason it failed. */
  fail(message: string): Error;
}

export type WaitUntil = <T>(what: string, check: (state: SandboxSnapshot) => T | undefined, timeoutMs: number) => Promise<T>;

/** Every step of the show waits for what it needs to see, printing progress while it waits. */
export function createWaiter({ look, signal, pollMs = 500, fail }: WaiterOptions): WaitUntil {
  return async (what, check, timeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let state: SandboxSnapshot;
      try {
        state = await look();
      } catch (error) {
        // An interruption may break what `look` reads: report the interruption, not the breakage.
        if (signal?.aborted) throw fail('interrupted');
        throw error;
      }
      if (signal?.aborted) throw fail('interrupted');
      const found = check(state);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw fail(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  };
}
