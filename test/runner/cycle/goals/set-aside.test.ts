import { describe, expect, it } from 'vitest';
import { NO_GOALS, setAsideParts, type SetAside } from '../../../../src/runner/cycle/goals/set-aside.js';

const aside = (key: string, kind: SetAside['kind']): SetAside => ({ key, kind, reason: `${kind} reason` });

describe('why nothing runs', () => {
  it('names each set-aside goal, grouped by why, goals in order', () => {
    expect(
      setAsideParts([aside('#4', 'resting'), aside('#2', 'open-pr'), aside('#3', 'paused'), aside('config:0', 'open-pr'), aside('#1', 'open-pr')]),
    ).toStrictEqual(['#3 paused', '#1, #2, config:0 have open PRs', '#4 rests after 2 failures tonight']);
  });

  it('agrees in number', () => {
    expect(setAsideParts([aside('#1', 'open-pr'), aside('#5', 'untrusted'), aside('#6', 'untrusted'), aside('#7', 'resting'), aside('#8', 'resting')])).toStrictEqual([
      '#1 has an open PR',
      '#5, #6 have no text by a trusted user',
      '#7, #8 rest after 2 failures tonight',
    ]);
  });

  it('sorts issue numbers numerically and names a goal once', () => {
    expect(setAsideParts([aside('#10', 'paused'), aside('#9', 'paused'), aside('#9', 'paused')])).toStrictEqual(['#9, #10 paused']);
  });

  it('says there was no goal at all when nothing was set aside', () => {
    expect(setAsideParts([])).toStrictEqual([NO_GOALS]);
  });
});
