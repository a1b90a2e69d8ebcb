import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatGoalRef, goalKey, parseGoalRef, type GoalRef } from '../../src/protocol/goal-ref.js';

describe('goal refs', () => {
  it('formats issues and config goals', () => {
    expect(formatGoalRef({ kind: 'issue', number: 12 })).toBe('#12');
    expect(formatGoalRef({ kind: 'config', index: 1 })).toBe('config:1');
    expect(goalKey({ kind: 'issue', number: 12 })).toBe('issue-12');
    expect(goalKey({ kind: 'config', index: 1 })).toBe('config-1');
  });

  it('parses what it formats, with surrounding space and any case of "config"', () => {
    expect(parseGoalRef(' #12 ')).toStrictEqual({ kind: 'issue', number: 12 });
    expect(parseGoalRef('Config:3')).toStrictEqual({ kind: 'config', index: 3 });
  });

  it.each(['12', '#0', '#012', '#-1', '#1.5', 'config:', 'config:-1', 'config:01', 'issue:3', '# 12', ''])(
    'rejects %j',
    (text) => {
      expect(parseGoalRef(text)).toBeUndefined();
    },
  );

  it('round-trips any goal', () => {
    const goal: fc.Arbitrary<GoalRef> = fc.oneof(
      fc.integer({ min: 1, max: 2_000_000_000 }).map((number) => ({ kind: 'issue' as const, number })),
      fc.integer({ min: 0, max: 99_999 }).map((index) => ({ kind: 'config' as const, index })),
    );
    fc.assert(
      fc.property(goal, (ref) => {
        expect(parseGoalRef(formatGoalRef(ref))).toStrictEqual(ref);
      }),
    );
  });
});
