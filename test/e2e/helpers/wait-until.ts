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
 * Polls `check` until it returns something (not undefined/false/null) and resolves to it. The
 * deadlines are generous: they bound a stuck run, they do not measure speed.
 */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined | false | null> | T | undefined | false | null, options: WaitUntilOptions): Promise<T> {
  const { timeoutMs, intervalMs = 250, running = [], explain } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found !== undefined && found !== false && found !== null) return found;
    const exited = running.find((process) => !process.running());
    if (exited) throw new Error(`${exited.name} exited while waiting for ${what}:\n${tail(exited.output())}`);
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${explain ? `\n${await explain()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
