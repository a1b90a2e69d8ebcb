import { waitUntil as poll } from '../../../src/platform/wait-until.js';
import type { Started } from './processes.js';

export interface WaitUntilOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Processes that must stay up meanwhile: one that exits fails the wait at once, with its output. */
  running?: Started[];
  /** More to say when the wait fails (the state last seen, a log's tail). */
  explain?: () => string | Promise<string>;
}

/**
 * `waitUntil` from src/platform, failing at once when a process the wait depends on has exited.
 * The deadlines are generous: they bound a stuck run, they do not measure speed.
 */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined | false | null> | T | undefined | false | null, options: WaitUntilOptions): Promise<T> {
  const { timeoutMs, intervalMs = 250, running = [], explain } = options;
  return (await poll(
    what,
    async () => {
      const found = await check();
      if (found !== undefined && found !== false && found !== null) return found;
      const exited = running.find((process) => !process.running());
      if (exited) throw new Error(`${exited.name} exited while waiting for ${what}:\n${tail(exited.output())}`);
      return undefined;
    },
    { timeoutMs, intervalMs, ...(explain ? { explain } : {}) },
  )) as T;
}

export function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
