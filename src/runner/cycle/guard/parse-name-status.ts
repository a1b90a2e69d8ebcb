import type { TestChange } from '../tests-check/find-test-weakening.js';

export type NameStatus = Pick<TestChange, 'path' | 'oldPath' | 'status'>;

/**
 * `git diff --name-status -z -M` output: `STATUS NUL path NUL`, and for a rename or copy
 * `R087 NUL old NUL new NUL`. With -z paths are never quoted. A copy is a new file; a type
 * change (file <-> symlink) or an unmerged entry counts as modified.
 */
export function parseNameStatus(output: string): NameStatus[] {
  const fields = output.split('\0');
  const changes: NameStatus[] = [];
  for (let i = 0; i < fields.length; i++) {
    const status = fields[i] as string;
    if (status === '' && i === fields.length - 1) break;
    const letter = status.charAt(0);
    if (letter === 'R' || letter === 'C') {
      const [oldPath, path] = [fields[i + 1], fields[i + 2]];
      if (!oldPath || !path) throw new Error(`truncated rename record in \`git diff --name-status -z\` output: ${JSON.stringify(status)}`);
      changes.push(letter === 'R' ? { status: 'R', oldPath, path } : { status: 'A', path });
      i += 2;
      continue;
    }
    const path = fields[i + 1];
    if (!path || !/^[AMDTUX]$/.test(letter)) throw new Error(`unexpected \`git diff --name-status -z\` record: ${JSON.stringify(status)}`);
    changes.push({ status: letter === 'A' || letter === 'D' ? letter : 'M', path });
    i += 1;
  }
  return changes;
}
