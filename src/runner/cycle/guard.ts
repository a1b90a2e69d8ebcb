import picomatch from 'picomatch';
import type { RunnerConfig } from '../../config/index.js';

export interface FileChange {
  /** Path after the change (repository-relative, forward slashes, as git prints it). */
  path: string;
  /** Path before a rename or copy. */
  oldPath?: string;
  added: number;
  deleted: number;
  /** Git reports no line counts for binary files ('-'); they count as 0 lines. */
  binary?: boolean;
  status?: string;
}

export interface GuardResult {
  /** True when nothing tripped. Whether a tripped guard blocks the push (`allowForbidden`) is the caller's call. */
  ok: boolean;
  reasons: string[];
}

/**
 * The guard: a change touching `forbidPaths` (picomatch globs, dotfiles included, so
 * `.github/**` matches) or beyond the file/line limits is not ok, with every reason. The session
 * then fails closed unless `allowForbidden` is set (execute.ts decides; the reasons go into the
 * PR). A rename checks both its old and new path: moving a workflow out of `.github/workflows` is
 * still touching it.
 */
export function checkGuard(changes: readonly FileChange[], guard: RunnerConfig['guard']): GuardResult {
  const matchers = guard.forbidPaths.map((glob) => ({ glob, test: picomatch(glob, { dot: true }) }));
  const reasons: string[] = [];
  for (const change of changes) {
    const paths = change.oldPath && change.oldPath !== change.path ? [change.oldPath, change.path] : [change.path];
    for (const path of paths) {
      const hit = matchers.find((matcher) => matcher.test(path));
      if (!hit) continue;
      const label = path === change.oldPath ? `${path} (renamed to ${change.path})` : path;
      reasons.push(`${label} matches forbidden path "${hit.glob}"`);
    }
  }
  if (guard.maxChangedFiles !== undefined && changes.length > guard.maxChangedFiles) {
    reasons.push(`${changes.length} files changed, more than maxChangedFiles (${guard.maxChangedFiles})`);
  }
  const added = changes.reduce((sum, change) => sum + change.added, 0);
  const deleted = changes.reduce((sum, change) => sum + change.deleted, 0);
  if (guard.maxChangedLines !== undefined && added + deleted > guard.maxChangedLines) {
    reasons.push(`${added + deleted} lines changed (+${added} -${deleted}), more than maxChangedLines (${guard.maxChangedLines})`);
  }
  return { ok: reasons.length === 0, reasons };
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
