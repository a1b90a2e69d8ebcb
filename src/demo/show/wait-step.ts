import { waitUntil } from '../../platform/index.js';
import type { SandboxSnapshot } from '../../sandbox/index.js';

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
  return async (what, check, timeoutMs) =>
    (await waitUntil(what, async () => check(await look()), {
      timeoutMs,
      intervalMs: pollMs,
      signal,
      // The demo names the interruption itself; a timeout names what it waited for.
      fail: (message) => fail(message.startsWith('interrupted') ? 'interrupted' : message),
    })) as Awaited<ReturnType<typeof check>> & {};
}
