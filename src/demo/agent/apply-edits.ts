import type { FileEdit } from './recipes/recipe.js';

export type EditResult =
  | { kind: 'changed'; files: Map<string, string> }
  | { kind: 'already-done' }
  | { kind: 'mismatch'; reason: string };

/**
 * Applies `edits` to the given file texts (pure): the new text of every changed file, or
 * `already-done` when each edit's result is already there (a rerun, or a revision of a branch
 * that has it), or `mismatch` naming the first edit whose anchor text is missing or ambiguous.
 */
export function applyEdits(texts: ReadonlyMap<string, string>, edits: readonly FileEdit[]): EditResult {
  if (edits.every((edit) => isDone(texts.get(edit.path), edit))) return { kind: 'already-done' };
  const files = new Map<string, string>();
  for (const edit of edits) {
    const current = files.get(edit.path) ?? texts.get(edit.path);
    if (current === undefined) return { kind: 'mismatch', reason: `${edit.path} does not exist` };
    if (isDone(current, edit)) continue;
    if (edit.kind === 'append') {
      files.set(edit.path, `${current.replace(/\n*$/, '\n')}${edit.text}`);
      continue;
    }
    const count = current.split(edit.from).length - 1;
    if (count !== 1) {
      const found = count === 0 ? 'is not there' : `occurs ${count} times`;
      return { kind: 'mismatch', reason: `${edit.path}: the code to change ${found} (it differs from the sample the demo agent knows)` };
    }
    files.set(edit.path, current.replace(edit.from, () => edit.to));
  }
  return { kind: 'changed', files };
}

function isDone(text: string | undefined, edit: FileEdit): boolean {
  if (text === undefined) return false;
  return text.includes(edit.kind === 'append' ? edit.text.trim() : edit.to);
}
