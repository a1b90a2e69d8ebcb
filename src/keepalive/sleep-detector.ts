import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';

export interface WakeEvent {
  /** Wall-clock time minus monotonic time elapsed since the previous check: the sleep, or a clock jump (negative when set back). */
  gapMs: number;
  /** When the gap was noticed (wall clock). */
  at: Date;
}

export interface SleepDetector {
  start(): void;
  stop(): void;
  on(event: 'wake', listener: (event: WakeEvent) => void): this;
  off(event: 'wake', listener: (event: WakeEvent) => void): this;
}

export interface SleepDetectorOptions {
  intervalMs?: number;
  thresholdMs?: number;
  wallNow?: () => number;
  monoNow?: () => number;
  setInterval?: (fn: () => void, ms: number) => { unref?(): unknown };
  clearInterval?: (handle: never) => void;
}

/**
 * Notices that the machine slept (or the wall clock jumped). The monotonic clock that
 * `performance.now()` reads (mach_absolute_time on macOS, CLOCK_MONOTONIC on Linux) does not
 * advance during sleep while the wall clock does, so between two checks their elapsed times
 * differ by about the time asleep. Timers are monotonic too: after a sleep they fire late,
 * which is why the daemon recomputes its next tick on `wake`.
 */
export function createSleepDetector({
  intervalMs = 5_000,
  thresholdMs = 10_000,
  wallNow = Date.now,
  monoNow = () => performance.now(),
  setInterval: every = setInterval,
  clearInterval: cancel = clearInterval as (handle: never) => void,
}: SleepDetectorOptions = {}): SleepDetector {
  const emitter = new EventEmitter() as EventEmitter & SleepDetector;
  let handle: ReturnType<typeof every> | undefined;
  let lastWall = 0;
  let lastMono = 0;

  const check = () => {
    const wall = wallNow();
    const mono = monoNow();
    const gapMs = wall - lastWall - (mono - lastMono);
    lastWall = wall;
    lastMono = mono;
    if (Math.abs(gapMs) > thresholdMs) emitter.emit('wake', { gapMs: Math.round(gapMs), at: new Date(wall) });
  };

  emitter.start = () => {
    if (handle) return;
    lastWall = wallNow();
    lastMono = monoNow();
    handle = every(check, intervalMs);
    // The detector alone must never keep the process alive.
    handle.unref?.();
  };
  emitter.stop = () => {
    if (handle) cancel(handle as never);
    handle = undefined;
  };
  return emitter;
}
