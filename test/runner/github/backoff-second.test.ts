import { describe, expect, it } from 'vitest';
import { BACKOFF_SECOND_VARIABLE, backoffSecondMs } from '../../../src/runner/github/backoff-second.js';

describe('OVERNIGHT_BACKOFF_SECOND', () => {
  it('gives the length of a backoff second in ms, never above a real second nor below a millisecond', () => {
    expect(backoffSecondMs({ [BACKOFF_SECOND_VARIABLE]: '10ms' })).toBe(10);
    expect(backoffSecondMs({ [BACKOFF_SECOND_VARIABLE]: '1ms' })).toBe(1);
    expect(backoffSecondMs({ [BACKOFF_SECOND_VARIABLE]: '5s' })).toBe(1000);
  });

  it('is undefined (the real second) when unset or not a duration', () => {
    expect(backoffSecondMs({})).toBeUndefined();
    expect(backoffSecondMs({ [BACKOFF_SECOND_VARIABLE]: 'soon' })).toBeUndefined();
    expect(backoffSecondMs({ [BACKOFF_SECOND_VARIABLE]: '' })).toBeUndefined();
    // Rounds to 0 ms, which no duration is.
    expect(backoffSecondMs({ [BACKOFF_SECOND_VARIABLE]: '0.4ms' })).toBeUndefined();
  });
});
