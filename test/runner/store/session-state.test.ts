import { describe, expect, it } from 'vitest';
import { canTransition, IllegalTransitionError, isFinal, SESSION_STATES, transition } from '../../../src/runner/store/index.js';

const LEGAL = [
  ['queued', 'running'],
  ['queued', 'failed'],
  ['queued', 'abandoned'],
  ['running', 'committed'],
  ['running', 'no-changes'],
  ['running', 'failed'],
  ['running', 'timeout'],
  ['running', 'abandoned'],
  ['committed', 'pushed'],
  ['committed', 'failed'],
  ['pushed', 'pr-open'],
] as const;

describe('the session state machine', () => {
  it('allows exactly the documented transitions', () => {
    const allowed = SESSION_STATES.flatMap((from) => SESSION_STATES.filter((to) => canTransition(from, to)).map((to) => [from, to]));
    expect(allowed).toStrictEqual(LEGAL.map((pair) => [...pair]));
  });

  it('refuses every other transition with a message naming what is allowed', () => {
    for (const from of SESSION_STATES) {
      for (const to of SESSION_STATES) {
        if (LEGAL.some(([a, b]) => a === from && b === to)) expect(transition(from, to)).toBe(to);
        else expect(() => transition(from, to)).toThrow(IllegalTransitionError);
      }
    }
    expect(() => transition('committed', 'running')).toThrow('illegal session transition committed -> running (allowed from committed: pushed, failed)');
    expect(() => transition('pr-open', 'running')).toThrow('allowed from pr-open: none, it is final');
  });

  it('leaves a committed session only by pushing it, or by failing when the push gave up (its work saved first)', () => {
    expect(SESSION_STATES.filter((to) => canTransition('committed', to))).toStrictEqual(['pushed', 'failed']);
  });

  it('knows the final states', () => {
    expect(SESSION_STATES.filter(isFinal)).toStrictEqual(['pr-open', 'no-changes', 'failed', 'timeout', 'abandoned']);
  });
});
