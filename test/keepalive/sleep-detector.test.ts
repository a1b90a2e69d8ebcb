import { describe, expect, it } from 'vitest';
import { createSleepDetector, type WakeEvent } from '../../src/keepalive/sleep-detector.js';

/** A detector on hand-driven clocks: `tick(wallMs, monoMs)` advances both and runs the interval. */
function harness(options: { thresholdMs?: number } = {}) {
  let wall = Date.parse('2026-11-28T01:00:00Z');
  let mono = 1_000;
  let callback: (() => void) | undefined;
  let unrefd = false;
  let cleared = false;
  const detector = createSleepDetector({
    intervalMs: 5_000,
    thresholdMs: options.thresholdMs ?? 10_000,
    wallNow: () => wall,
    monoNow: () => mono,
    setInterval: (fn) => {
      callback = fn;
      return { unref: () => (unrefd = true) };
    },
    clearInterval: () => {
      cleared = true;
      callback = undefined;
    },
  });
  const wakes: WakeEvent[] = [];
  detector.on('wake', (event) => wakes.push(event));
  return {
    detector,
    wakes,
    tick(wallMs: number, monoMs: number) {
      wall += wallMs;
      mono += monoMs;
      callback?.();
    },
    get unrefd() {
      return unrefd;
    },
    get cleared() {
      return cleared;
    },
  };
}

describe('sleep detector', () => {
  it('stays quiet while both clocks advance together, even when the event loop is late', () => {
    const h = harness();
    h.detector.start();
    h.tick(5_000, 5_000);
    h.tick(9_000, 9_000);
    h.tick(5_004, 5_000);
    expect(h.wakes).toEqual([]);
    expect(h.unrefd).toBe(true);
  });

  it('fires `wake` with the gap when wall time ran on while monotonic time stood still (sleep)', () => {
    const h = harness();
    h.detector.start();
    h.tick(5_000, 5_000);
    h.tick(3 * 3_600_000 + 5_000, 5_000);
    expect(h.wakes).toEqual([{ gapMs: 3 * 3_600_000, at: new Date('2026-11-28T04:00:10.000Z') }]);
    // The next check measures from the wake, so one sleep is reported once.
    h.tick(5_000, 5_000);
    expect(h.wakes).toHaveLength(1);
  });

  it('reports a wall clock set back as a negative gap', () => {
    const h = harness();
    h.detector.start();
    h.tick(5_000 - 60_000, 5_000);
    expect(h.wakes.map((event) => event.gapMs)).toEqual([-60_000]);
  });

  it('ignores gaps up to the threshold and stops ticking on stop()', () => {
    const h = harness({ thresholdMs: 30_000 });
    h.detector.start();
    h.tick(5_000 + 30_000, 5_000);
    expect(h.wakes).toEqual([]);
    h.detector.stop();
    expect(h.cleared).toBe(true);
    h.tick(3_600_000, 0);
    expect(h.wakes).toEqual([]);
  });
});
