import { describe, expect, it } from 'vitest';
import { keepClaim } from '../../../../src/runner/cycle/claims/keep-claim.js';

/** A timer under the test's hand: `fire()` runs what is due. */
function manualTimer() {
  const due: (() => void)[] = [];
  const delays: number[] = [];
  return {
    delays,
    pending: () => due.length,
    fire: () => due.shift()?.(),
    setTimer: (run: () => void, ms: number) => {
      due.push(run);
      delays.push(ms);
      return {};
    },
    clearTimer: () => void due.splice(0),
  };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('keeping a claim fresh while its session runs', () => {
  it('refreshes every interval, one at a time, and goes on after a refresh that failed', async () => {
    const timer = manualTimer();
    const calls: string[] = [];
    let fail = true;
    const warnings: string[] = [];
    const keeper = keepClaim({
      everyMs: 30 * 60_000,
      refresh: async () => {
        calls.push('refresh');
        if (fail) throw new Error('Bad Gateway');
      },
      log: { warn: (_obj: unknown, msg?: string) => void warnings.push(String(msg)) } as never,
      setTimer: timer.setTimer,
      clearTimer: timer.clearTimer,
    });
    expect(timer.delays).toStrictEqual([30 * 60_000]);
    timer.fire();
    await settled();
    expect(warnings).toStrictEqual(['could not refresh the claim; the next refresh tries again']);
    // The next refresh is timed from the end of the last one.
    expect(timer.pending()).toBe(1);
    fail = false;
    timer.fire();
    await settled();
    expect(calls).toStrictEqual(['refresh', 'refresh']);
    await keeper.stop();
    expect(timer.pending()).toBe(0);
  });

  it('waits for a refresh under way before it stops, so no refresh lands after the release', async () => {
    const timer = manualTimer();
    let finish: () => void = () => undefined;
    const events: string[] = [];
    const keeper = keepClaim({
      everyMs: 1000,
      refresh: () => new Promise<void>((resolve) => (finish = () => (events.push('refreshed'), resolve()))),
      setTimer: timer.setTimer,
      clearTimer: timer.clearTimer,
    });
    timer.fire();
    const stopped = keeper.stop().then(() => events.push('stopped'));
    await settled();
    expect(events).toStrictEqual([]);
    finish();
    await stopped;
    expect(events).toStrictEqual(['refreshed', 'stopped']);
    expect(timer.pending()).toBe(0);
  });
});
