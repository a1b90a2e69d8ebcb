import type { Logger } from 'pino';

export interface KeepClaimOptions {
  refresh: () => Promise<void>;
  everyMs: number;
  log?: Pick<Logger, 'warn'>;
  setTimer?: (run: () => void, ms: number) => { unref?(): unknown };
  clearTimer?: (timer: ReturnType<NonNullable<KeepClaimOptions['setTimer']>>) => void;
}

/**
 * Refreshes a session's claim every `everyMs` while it runs, so another runner never sees it
 * stale. One refresh at a time (the next is timed from the end of the last); a failed refresh is
 * logged and the next one tries again: the session never stops for its claim.
 */
export function keepClaim({
  refresh,
  everyMs,
  log,
  setTimer = (run, ms) => setTimeout(run, ms),
  clearTimer = (timer) => clearTimeout(timer as NodeJS.Timeout),
}: KeepClaimOptions): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimer> | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimer(() => {
      running = refresh()
        .catch((error: Error) => log?.warn({ error: error.message }, 'could not refresh the claim; the next refresh tries again'))
        .finally(schedule);
    }, everyMs);
    timer.unref?.();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimer(timer);
      // A refresh under way finishes before the claim is released, so it cannot recreate the ref.
      await running;
    },
  };
}
