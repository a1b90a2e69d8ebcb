import { appendFile } from 'node:fs/promises';
import type { GuardConfig } from '../../../config/index.js';
import type { Git, GitOptions } from '../../git/git.js';
import type { StagedChanges } from '../../git/stage-changes.js';
import { checkGuard, parseNumstat, type FileChange, type GuardResult } from './guard.js';
import { MODE, parseLsTree, parseRawDiff, type TreeEntry } from './parse-git-trees.js';
import { symlinkLeaves } from './symlink-escape.js';

/** Git's own test for binary content: a NUL byte in the first 8000 bytes. */
const BINARY_PROBE_BYTES = 8000;
/** Blob reads at most (binary probes, symlink targets): a change of thousands of files trips maxChangedFiles anyway. */
const MAX_BLOB_READS = 1000;

const isRegularFile = (mode: string | undefined) => mode === '100644' || mode === '100755';

/**
 * What the guard needs about each staged change, read from git, never from the worktree: modes
 * and sizes from the staged tree, symlink targets from its blobs. Binary content is git's verdict
 * (numstat's `-`) unless the change touches a `.gitattributes`, with which the agent could talk
 * git into calling a binary text: then every changed file's content is probed for a NUL byte.
 */
export async function collectGuardChanges(
  git: Git,
  /** The runner's git for the workspace: the staged tree's objects are read from there. */
  inTree: GitOptions,
  baseSha: string,
  staged: StagedChanges,
  /** Files over this are not read to probe for binary content: the size rule trips on them anyway. */
  { maxProbeBytes = Number.POSITIVE_INFINITY }: { maxProbeBytes?: number } = {},
): Promise<FileChange[]> {
  const raw = parseRawDiff((await git(['diff', '--raw', '-z', '--no-renames', '--no-abbrev', baseSha, staged.tree], inTree)).stdout);
  const lines = new Map(parseNumstat(staged.numstat).map((change) => [change.path, change]));
  const tree = parseLsTree((await git(['ls-tree', '-r', '-l', '-z', '--full-tree', staged.tree], inTree)).stdout);
  let reads = 0;
  const readBlob = async (sha: string): Promise<string | undefined> => {
    if (++reads > MAX_BLOB_READS) return undefined;
    return (await git(['cat-file', 'blob', sha], inTree)).stdout;
  };
  const targets = new Map<string, Promise<string | undefined>>();
  const readLink = (path: string) => {
    const entry: TreeEntry | undefined = tree.get(path);
    if (entry?.mode !== MODE.symlink) return Promise.resolve(undefined);
    if (!targets.has(path)) targets.set(path, readBlob(entry.sha).then((target) => target ?? '/'));
    return targets.get(path)!;
  };

  const attributesChanged = raw.some((change) => change.path === '.gitattributes' || change.path.endsWith('/.gitattributes'));
  const changes: FileChange[] = [];
  for (const change of raw) {
    const counted = lines.get(change.path);
    const entry = tree.get(change.path);
    const base: FileChange = {
      path: change.path,
      status: change.status,
      oldMode: change.oldMode,
      newMode: change.newMode,
      added: counted?.added ?? 0,
      deleted: counted?.deleted ?? 0,
      ...(entry?.size !== undefined && change.status !== 'D' ? { size: entry.size } : {}),
    };
    if (change.newMode === MODE.symlink) {
      // An unreadable target (over the read cap) counts as leaving: the guard fails closed.
      const target = (await readLink(change.path)) ?? '/';
      changes.push({ ...base, symlink: { target, leaves: await symlinkLeaves(change.path, target, readLink) } });
      continue;
    }
    if (attributesChanged && isRegularFile(change.newMode) && change.status !== 'D' && (entry?.size ?? 0) <= maxProbeBytes) {
      const content = await readBlob(change.newSha);
      // Unread (over the cap): git's own verdict stands in.
      const binary = content === undefined ? counted?.binary === true : content.slice(0, BINARY_PROBE_BYTES).includes('\0');
      changes.push(binary ? { ...base, added: 0, deleted: 0, binary } : base);
      continue;
    }
    changes.push(counted?.binary ? { ...base, binary: true } : base);
  }
  return changes;
}

/**
 * The guard on a session's staged changes: collected from git, judged, and every trip written to
 * the session log, so the log, the report (the session's error) and the PR (with
 * `allowForbidden`) all name each file and rule.
 */
export async function guardStagedChanges(
  git: Git,
  inTree: GitOptions,
  baseSha: string,
  staged: StagedChanges,
  guard: GuardConfig,
  logFile: string,
): Promise<GuardResult> {
  const result = checkGuard(await collectGuardChanges(git, inTree, baseSha, staged, { maxProbeBytes: guard.maxFileBytes }), guard);
  if (!result.ok) {
    const verdict = guard.allowForbidden ? 'pushed anyway (allowForbidden)' : 'nothing is pushed';
    await appendFile(logFile, result.trips.map((trip) => `[overnight] guard: ${trip.rule}: ${trip.message}\n`).join('') + `[overnight] guard tripped: ${verdict}\n`);
  }
  return result;
}
