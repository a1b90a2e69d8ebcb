import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createTimer } from '../../src/schedule/index.js';

const DAY = 86_400_000;
const MAX_TIMEOUT = 2 ** 31 - 1;

describe('createTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-14T00:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('fires once, at the date and not before', () => {
    const fn = vi.fn();
    createTimer().at(new Date('2026-01-14T06:00:00Z'), fn);
    vi.advanceTimersByTime(6 * 3_600_000 - 1);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(DAY);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  test('waits longer than setTimeout can (2^31-1 ms) without firing early', () => {
    const setTimeout = vi.fn(globalThis.setTimeout);
    const fn = vi.fn();
    const due = new Date(Date.now() + 40 * DAY);
    createTimer({ setTimeout }).at(due, fn);
    vi.advanceTimersByTime(MAX_TIMEOUT + 1);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(40 * DAY - MAX_TIMEOUT - 2);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(Date.now()).toBe(due.getTime());
    expect(Math.max(...setTimeout.mock.calls.map(([, ms]) => ms ?? 0))).toBeLessThanOrEqual(MAX_TIMEOUT);
  });

  test('a date already passed fires on the next turn, not synchronously', () => {
    const fn = vi.fn();
    createTimer().at(new Date('2026-01-13T00:00:00Z'), fn);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  test('the cancel handle stops it, even midway through a long wait, and is idempotent', () => {
    const fn = vi.fn();
    const cancel = createTimer().at(new Date(Date.now() + 30 * DAY), fn);
    vi.advanceTimersByTime(10 * DAY);
    cancel();
    cancel();
    vi.advanceTimersByTime(30 * DAY);
    expect(fn).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  test('follows the wall clock when it jumps ahead, as after the machine slept', () => {
    const fn = vi.fn();
    createTimer().at(new Date('2026-01-14T06:00:00Z'), fn);
    // The monotonic clock stood still for 7 hours of sleep; only the wall clock moved.
    vi.setSystemTime(new Date('2026-01-14T07:00:00Z'));
    vi.advanceTimersByTime(60_000);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  test('unrefs every timer it sets, so a pending tick never keeps the process alive', () => {
    const handles: { unref: ReturnType<typeof vi.fn> }[] = [];
    const setTimeout = vi.fn((callback: () => void, ms: number) => {
      const handle = globalThis.setTimeout(callback, ms);
      const spy = vi.spyOn(handle, 'unref');
      handles.push({ unref: spy });
      return handle;
    });
    createTimer({ setTimeout }).at(new Date(Date.now() + 3 * 60_000), vi.fn());
    vi.advanceTimersByTime(3 * 60_000);
    expect(handles.length).toBeGreaterThan(1);
    for (const handle of handles) expect(handle.unref).toHaveBeenCalledTimes(1);
  });

  test('uses the injected clock', () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const fn = vi.fn();
    createTimer({ now: () => now }).at(new Date('2030-01-01T00:01:00Z'), fn);
    vi.advanceTimersByTime(60_000);
    expect(fn).not.toHaveBeenCalled(); // the injected clock has not moved
    now = new Date('2030-01-01T00:01:00Z');
    vi.advanceTimersByTime(60_000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
