import type { Git, GitOptions } from '../../git/git.js';
import { findTestWeakening, type TestChange, type TestWeakening } from './find-test-weakening.js';
import { parseNameStatus } from '../guard/parse-name-status.js';
import { parseZeroContextDiff, type ChangedLines } from './parse-zero-context-diff.js';
import { needsContent, needsLines } from './test-command-changes.js';
import { createTestPathMatcher, DEFAULT_TEST_PATHS } from './test-paths.js';

export interface CollectTestChangesOptions {
  /** How to reach the repository: the runner's git options for the workspace (`workspaces.gitOptions`), never the agent's `.git`. */
  inTree: GitOptions;
  /** The base commit the session started from. */
  base: string;
  /** The session's result: a commit or a tree (what `stageChanges` wrote). */
  head: string;
  testPaths?: readonly string[];
}

export interface CollectedTestChanges {
  changes: TestChange[];
  before: Map<string, string>;
  after: Map<string, string>;
}

/**
 * Diff flags that keep the output in the shape the parsers expect whatever the repository's
 * config says, and keep git from running a diff or textconv driver: the worktree's
 * `.gitattributes` is written by the agent.
 */
const DIFF_FLAGS = ['--no-ext-diff', '--no-textconv', '--no-color', '--no-relative', '-M', '--src-prefix=a/', '--dst-prefix=b/'];
/** Paths per `git diff` call, to stay far below the argument-length limit. */
const PATHS_PER_CALL = 200;

/**
 * The change list `findTestWeakening` reads, from two trees: every path's status, with renames
 * detected (a test renamed away must be seen as such), the added and removed lines of test
 * files only, and the text of the configuration files it compares.
 */
export async function collectTestChanges(git: Git, { inTree, base, head, testPaths = DEFAULT_TEST_PATHS }: CollectTestChangesOptions): Promise<CollectedTestChanges> {
  const isTest = createTestPathMatcher(testPaths);
  const statuses = parseNameStatus((await git(['diff', '--name-status', '-z', ...DIFF_FLAGS, base, head], inTree)).stdout);

  const wantLines = statuses.filter((change) => change.status !== 'D' && (isTest(change.path) || change.path.endsWith('.rs') || needsLines(change.path)));
  const lines = new Map<string, ChangedLines>();
  const pathspecs = wantLines.flatMap((change) => (change.oldPath ? [change.oldPath, change.path] : [change.path]));
  for (let i = 0; i < pathspecs.length; i += PATHS_PER_CALL) {
    const chunk = pathspecs.slice(i, i + PATHS_PER_CALL);
    const diff = await git(['--literal-pathspecs', 'diff', '-U0', ...DIFF_FLAGS, base, head, '--', ...chunk], inTree);
    for (const [path, changed] of parseZeroContextDiff(diff.stdout)) lines.set(path, changed);
  }

  const before = new Map<string, string>();
  const after = new Map<string, string>();
  const read = async (rev: string, path: string, into: Map<string, string>) => {
    const blob = await git(['cat-file', 'blob', `${rev}:${path}`], { ...inTree, allowFailure: true });
    if (blob.exitCode === 0) into.set(path, blob.stdout);
  };
  for (const change of statuses) {
    const old = change.oldPath ?? change.path;
    if (change.status !== 'A' && needsContent(old)) await read(base, old, before);
    if (change.status !== 'D' && needsContent(change.path)) await read(head, change.path, after);
  }

  const changes = statuses.map((change) => ({ ...change, addedLines: lines.get(change.path)?.addedLines ?? [], removedLines: lines.get(change.path)?.removedLines ?? [] }));
  return { changes, before, after };
}

/** Collects and judges in one call: what the cycle runs after staging a session's changes. */
export async function checkTestWeakening(git: Git, options: CollectTestChangesOptions & { verifyCommand?: string }): Promise<TestWeakening> {
  const { changes, before, after } = await collectTestChanges(git, options);
  return findTestWeakening({
    changes,
    ...(options.testPaths ? { testPaths: options.testPaths } : {}),
    ...(options.verifyCommand !== undefined ? { verifyCommand: options.verifyCommand } : {}),
    readBefore: (path) => before.get(path),
    readAfter: (path) => after.get(path),
  });
}
