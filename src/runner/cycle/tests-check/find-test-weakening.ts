import { findSkipMarkers } from './skip-markers.js';
import { testCommandChanges } from './test-command-changes.js';
import { createTestPathMatcher, DEFAULT_TEST_PATHS } from './test-paths.js';
import { verifyEntryPoints } from './verify-entry-points.js';

export interface TestChange {
  /** Path after the change (repository-relative, forward slashes). */
  path: string;
  /** Path before a rename. */
  oldPath?: string;
  status: 'A' | 'M' | 'D' | 'R';
  /** Lines added, from the diff; only needed for test files and Vite configs. */
  addedLines: readonly string[];
  removedLines: readonly string[];
}

export type WeakeningKind = 'tests-deleted' | 'tests-skipped' | 'test-command-changed';

export interface WeakeningFinding {
  kind: WeakeningKind;
  file: string;
  detail: string;
}

export interface TestWeakening {
  findings: WeakeningFinding[];
  /** The kinds found, once each, in the order below: the values of the warning trailers. */
  warnings: WeakeningKind[];
}

export interface FindTestWeakeningInput {
  changes: readonly TestChange[];
  /** Globs of test files (`guard.testPaths`); the stacks' conventions by default. */
  testPaths?: readonly string[];
  /** Text of a file before / after the change, for the files `filesToRead` names; undefined when absent or unread. */
  readBefore?: (path: string) => string | undefined;
  readAfter?: (path: string) => string | undefined;
  /** The configured verify command, to know which npm scripts and make targets it runs. */
  verifyCommand?: string;
}

export const WEAKENING_KINDS: readonly WeakeningKind[] = ['tests-deleted', 'tests-skipped', 'test-command-changed'];

/**
 * Ways a change can make the test suite pass without the code being right: deleting test files
 * (or renaming them out of the test paths), adding skip / focus / expected-failure markers to
 * tests, and changing what the verify command runs. Pure: file contents come in through the
 * readers. Every finding names the file and the rule; the agent is not trusted, the reviewer is.
 */
export function findTestWeakening(input: FindTestWeakeningInput): TestWeakening {
  const { changes, readBefore = () => undefined, readAfter = () => undefined } = input;
  const isTest = createTestPathMatcher(input.testPaths ?? DEFAULT_TEST_PATHS);
  const entry = verifyEntryPoints(input.verifyCommand);
  const findings: WeakeningFinding[] = [];

  for (const change of changes) {
    const before = change.oldPath ?? change.path;
    if (change.status === 'D' && isTest(change.path)) {
      findings.push({ kind: 'tests-deleted', file: change.path, detail: `${change.path} deleted` });
    } else if (change.status === 'R' && isTest(before) && !isTest(change.path)) {
      findings.push({ kind: 'tests-deleted', file: before, detail: `${before} renamed to ${change.path}, outside the test paths` });
    }
  }

  for (const change of changes) {
    // `#[ignore]` only ever marks a test, and Rust unit tests live beside the code they test.
    if (change.status === 'D' || !(isTest(change.path) || change.path.endsWith('.rs'))) continue;
    const markers = findSkipMarkers(change.path, change.addedLines);
    if (markers.length > 0) findings.push({ kind: 'tests-skipped', file: change.path, detail: `${change.path} adds ${markers.join(', ')}` });
  }

  for (const change of changes) {
    const changedLines = [...change.addedLines, ...change.removedLines];
    const sides =
      change.status === 'R' && change.oldPath !== undefined
        ? [
            { path: change.oldPath, existedBefore: true, existsAfter: false, before: readBefore(change.oldPath), changedLines },
            { path: change.path, existedBefore: false, existsAfter: true, after: readAfter(change.path), changedLines },
          ]
        : [
            {
              path: change.path,
              existedBefore: change.status !== 'A',
              existsAfter: change.status !== 'D',
              ...(change.status !== 'A' ? { before: readBefore(change.path) } : {}),
              ...(change.status !== 'D' ? { after: readAfter(change.path) } : {}),
              changedLines,
            },
          ];
    for (const side of sides) {
      for (const detail of testCommandChanges(side, entry)) findings.push({ kind: 'test-command-changed', file: side.path, detail });
    }
  }

  const warnings = WEAKENING_KINDS.filter((kind) => findings.some((finding) => finding.kind === kind));
  return { findings, warnings };
}
