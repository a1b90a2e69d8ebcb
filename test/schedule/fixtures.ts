import { type ScheduleSpec, formatLocal } from '../../src/schedule/index.js';

/** A schedule as the parsed config would hold it: every 30m, 01:00-05:00, no jitter. */
export function spec(overrides: Partial<ScheduleSpec> = {}): ScheduleSpec {
  return { timezone: 'America/New_York', window: { start: '01:00', end: '05:00' }, every: '30m', jitterMs: 0, ...overrides };
}

/** Wall times with offsets, "01:30 -05:00", for readable expectations. */
export function localTimes(instants: readonly Date[], timeZone: string): string[] {
  return instants.map((instant) => {
    const local = formatLocal(instant, timeZone);
    return `${local.slice(11, 16)} ${local.slice(19)}`;
  });
}

/** mulberry32: a seeded stand-in for Math.random, so jitter tests repeat exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const iso = (text: string): Date => new Date(text);
