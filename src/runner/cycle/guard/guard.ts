import picomatch from 'picomatch';
import type { GuardConfig } from '../../../config/index.js';

export interface FileChange {
  /** Path after the change (repository-relative, forward slashes, as git prints it). */
  path: string;
  /** Path before a rename or copy. */
  oldPath?: string;
  added: number;
  deleted: number;
  /** A NUL byte in the new content's first 8000 bytes (git's test); binary files count as 0 lines. */
  binary?: boolean;
  status?: string;
  /** Git modes before and after (`120000` a symlink, `160000` a submodule); `000000` when absent. */
  oldMode?: string;
  newMode?: string;
  /** Bytes of the new content. */
  size?: number;
  /** For a new or changed symlink: where it points, and whether that leaves the repository. */
  symlink?: { target: string; leaves: boolean };
}

/** One tripped rule: the file (when the rule is about one) and the config field that sets the rule. */
export interface GuardTrip {
  path?: string;
  rule: 'forbidPaths' | 'submodule' | 'symlink' | 'maxFileBytes' | 'allowBinary' | 'maxChangedFiles' | 'maxChangedLines';
  message: string;
}

export interface GuardResult {
  /** True when nothing tripped. Whether a tripped guard blocks the push (`allowForbidden`) is the caller's call. */
  ok: boolean;
  reasons: string[];
  trips: GuardTrip[];
}

const SUBMODULE = '160000';

/**
 * The guard, on the staged tree against the base (pure): a change touching `forbidPaths`
 * (picomatch globs, dotfiles included, so `.github/**` matches), any submodule (gitlink)
 * change, a new or changed symlink leading outside the repository, a file over `maxFileBytes`,
 * a binary file unless `allowBinary`, or more files or lines than the limits. Every trip names
 * the file and the rule. A rename checks both its old and new path: moving a workflow out of
 * `.github/workflows` is still touching it.
 */
export function checkGuard(changes: readonly FileChange[], guard: GuardConfig): GuardResult {
  const matchers = guard.forbidPaths.map((glob) => ({ glob, test: picomatch(glob, { dot: true }) }));
  const trips: GuardTrip[] = [];
  for (const change of changes) {
    const paths = change.oldPath && change.oldPath !== change.path ? [change.oldPath, change.path] : [change.path];
    for (const path of paths) {
      const hit = matchers.find((matcher) => matcher.test(path));
      if (!hit) continue;
      const label = path === change.oldPath ? `${path} (renamed to ${change.path})` : path;
      trips.push({ path, rule: 'forbidPaths', message: `${label} matches forbidden path "${hit.glob}"` });
    }
    if (change.oldMode === SUBMODULE || change.newMode === SUBMODULE) {
      trips.push({ path: change.path, rule: 'submodule', message: `${change.path} is a submodule (gitlink) change; an agent may not add, move or repoint submodules` });
    }
    if (change.symlink?.leaves) {
      trips.push({ path: change.path, rule: 'symlink', message: `${change.path} is a symlink to ${change.symlink.target}, which leads outside the repository` });
    }
    if (change.size !== undefined && change.size > guard.maxFileBytes) {
      trips.push({ path: change.path, rule: 'maxFileBytes', message: `${change.path} is ${formatBytes(change.size)}, over maxFileBytes (${formatBytes(guard.maxFileBytes)})` });
    }
    if (change.binary && !guard.allowBinary) {
      trips.push({ path: change.path, rule: 'allowBinary', message: `${change.path} is a binary file, and allowBinary is off` });
    }
  }
  if (changes.length > guard.maxChangedFiles) {
    trips.push({ rule: 'maxChangedFiles', message: `${changes.length} files changed, more than maxChangedFiles (${guard.maxChangedFiles})` });
  }
  const added = changes.reduce((sum, change) => sum + change.added, 0);
  const deleted = changes.reduce((sum, change) => sum + change.deleted, 0);
  if (guard.maxChangedLines !== undefined && added + deleted > guard.maxChangedLines) {
    trips.push({ rule: 'maxChangedLines', message: `${added + deleted} lines changed (+${added} -${deleted}), more than maxChangedLines (${guard.maxChangedLines})` });
  }
  return { ok: trips.length === 0, reasons: trips.map((trip) => trip.message), trips };
}

/** `31.5 MB`, `1 MB`, `512 KB`, `80 bytes` (1 MB = 1024 KB, as the default of 1048576 reads). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}

const NUMSTAT_HEAD = /^(-|\d+)\t(-|\d+)\t(.*)$/s;

/**
 * The changes in `git diff --numstat -z` output. Records are `added TAB deleted TAB path NUL`;
 * a rename or copy leaves the path empty and follows it with `old NUL new NUL`; binary files
 * show `-` for both counts. With -z paths are never quoted, so any byte but NUL may appear.
 */
export function parseNumstat(output: string): FileChange[] {
  const fields = output.split('\0');
  const changes: FileChange[] = [];
  for (let i = 0; i < fields.length; i++) {
    const head = fields[i] as string;
    if (head === '' && i === fields.length - 1) break;
    const match = NUMSTAT_HEAD.exec(head);
    if (!match) throw new Error(`unexpected \`git diff --numstat -z\` record: ${JSON.stringify(head)}`);
    const [, addedText, deletedText, inlinePath] = match as unknown as [string, string, string, string];
    const binary = addedText === '-' || deletedText === '-';
    const base = { added: binary ? 0 : Number(addedText), deleted: binary ? 0 : Number(deletedText), ...(binary ? { binary } : {}) };
    if (inlinePath !== '') {
      changes.push({ path: inlinePath, ...base });
      continue;
    }
    const oldPath = fields[i + 1];
    const path = fields[i + 2];
    if (!oldPath || !path) throw new Error(`truncated rename record in \`git diff --numstat -z\` output after ${JSON.stringify(head)}`);
    changes.push({ path, oldPath, ...base });
    i += 2;
  }
  return changes;
}
