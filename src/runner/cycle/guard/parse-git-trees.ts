/** Git's file modes, as `diff --raw` and `ls-tree` print them. */
export const MODE = { symlink: '120000', gitlink: '160000', missing: '000000' } as const;

export interface RawChange {
  path: string;
  oldMode: string;
  newMode: string;
  /** The blob (or commit, for a gitlink) after the change; all zeros when deleted. */
  newSha: string;
  /** A, M, D or T (a type change: file <-> symlink, say). */
  status: string;
}

/**
 * `git diff --raw -z --no-renames --no-abbrev A B`: `:oldmode newmode oldsha newsha STATUS NUL
 * path NUL` per change. With -z paths are never quoted.
 */
export function parseRawDiff(output: string): RawChange[] {
  const fields = output.split('\0');
  const changes: RawChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const head = fields[i] as string;
    const match = /^:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])\d*$/.exec(head);
    const path = fields[i + 1];
    if (!match || !path) throw new Error(`unexpected \`git diff --raw -z\` record: ${JSON.stringify(head)}`);
    const [, oldMode, newMode, , newSha, status] = match as unknown as [string, string, string, string, string, string];
    changes.push({ path, oldMode, newMode, newSha, status });
  }
  return changes;
}

export interface TreeEntry {
  mode: string;
  sha: string;
  /** Bytes, for a blob; undefined for a gitlink. */
  size: number | undefined;
}

/** `git ls-tree -r -l -z --full-tree T`: `mode type sha size TAB path NUL`, size right-aligned, `-` for a gitlink. */
export function parseLsTree(output: string): Map<string, TreeEntry> {
  const entries = new Map<string, TreeEntry>();
  for (const record of output.split('\0')) {
    if (record === '') continue;
    const match = /^(\d{6}) \w+ ([0-9a-f]+) +(-|\d+)\t(.+)$/s.exec(record);
    if (!match) throw new Error(`unexpected \`git ls-tree -l -z\` record: ${JSON.stringify(record)}`);
    const [, mode, sha, size, path] = match as unknown as [string, string, string, string, string];
    entries.set(path, { mode, sha, size: size === '-' ? undefined : Number(size) });
  }
  return entries;
}
