import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../src/demo/agent/apply-edits.js';
import { DEMO_RECIPES } from '../../../src/demo/agent/recipes/index.js';
import { SAMPLE_REPO_FILES } from '../../../src/demo/sample-repo/sample-files.js';

const sample = () => new Map(Object.entries(SAMPLE_REPO_FILES));

describe('applyEdits', () => {
  it.each(DEMO_RECIPES.map((recipe) => [recipe.id, recipe] as const))('%s applies to the sample exactly once', (_id, recipe) => {
    const result = applyEdits(sample(), recipe.edits);
    expect(result.kind).toBe('changed');
    const files = result.kind === 'changed' ? result.files : new Map();
    const applied = new Map([...sample(), ...files]);
    expect(applyEdits(applied, recipe.edits)).toEqual({ kind: 'already-done' });
  });

  it('replaces, then appends after a single newline', () => {
    const texts = new Map([['a.js', 'one\ntwo\n\n\n']]);
    const result = applyEdits(texts, [
      { path: 'a.js', kind: 'replace', from: 'two', to: 'TWO' },
      { path: 'a.js', kind: 'append', text: '\nthree\n' },
    ]);
    expect(result).toEqual({ kind: 'changed', files: new Map([['a.js', 'one\nTWO\n\nthree\n']]) });
  });

  it('takes the replacement literally, "$&" included', () => {
    const result = applyEdits(new Map([['a.js', 'x']]), [{ path: 'a.js', kind: 'replace', from: 'x', to: "'$&'" }]);
    expect(result).toEqual({ kind: 'changed', files: new Map([['a.js', "'$&'"]]) });
  });

  it('refuses an anchor that is missing, ambiguous, or in a file that does not exist', () => {
    const edit = { path: 'a.js', kind: 'replace', from: 'x', to: 'y' } as const;
    expect(applyEdits(new Map([['a.js', 'z']]), [edit])).toMatchObject({ kind: 'mismatch', reason: expect.stringContaining('is not there') });
    expect(applyEdits(new Map([['a.js', 'x x']]), [edit])).toMatchObject({ kind: 'mismatch', reason: expect.stringContaining('occurs 2 times') });
    expect(applyEdits(new Map(), [edit])).toEqual({ kind: 'mismatch', reason: 'a.js does not exist' });
  });
});
