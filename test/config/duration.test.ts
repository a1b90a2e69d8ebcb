import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/config/duration.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['20s', 20_000],
    ['30m', 1_800_000],
    ['1.5h', 5_400_000],
    ['1.4ms', 1],
    [' 30m ', 1_800_000],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['0m', '0.4ms', '0.0001s', '30 min', '-5m', '', 'often'])('has no duration for %j', (text) => {
    // "0.4ms" once came back as 0, an interval that never advanced.
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [1_800_000, '30m'],
    [90_000, '90s'],
    [3_600_000, '1h'],
    [1, '1ms'],
  ])('writes %d ms as %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
