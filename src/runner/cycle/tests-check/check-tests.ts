import { appendFile } from 'node:fs/promises';
import type { GuardConfig } from '../../../config/index.js';
import type { Git, GitOptions } from '../../git/git.js';
import { checkTestWeakening } from './collect-test-changes.js';
import type { TestWeakening } from './find-test-weakening.js';

export interface CheckTestsInput {
  /** The runner's git for the workspace: the staged tree is read from there. */
  inTree: GitOptions;
  baseSha: string;
  /** The staged tree of the workspace as it is now. */
  tree: string;
  guard: Pick<GuardConfig, 'testPaths' | 'tests'>;
  verifyCommand?: string | undefined;
  logFile: string;
  /** "after the agent", "after repair 1": where the finding came from, for the log. */
  when: string;
}

/**
 * The test check on a session's staged change against its base: deleted or renamed-away test
 * files, added skip markers, a changed verify entry point. Every finding goes to the session log;
 * what happens next is `guard.tests`' call (the caller's).
 */
export async function checkTests(git: Git, input: CheckTestsInput): Promise<TestWeakening> {
  const result = await checkTestWeakening(git, {
    inTree: input.inTree,
    base: input.baseSha,
    head: input.tree,
    testPaths: input.guard.testPaths,
    ...(input.verifyCommand !== undefined ? { verifyCommand: input.verifyCommand } : {}),
  });
  if (result.findings.length > 0) {
    const verdict = { draft: 'the PR opens as a draft with a warning', fail: 'the session fails (guard.tests: "fail")', allow: 'reported only (guard.tests: "allow")' }[input.guard.tests];
    await appendFile(
      input.logFile,
      result.findings.map((finding) => `[overnight] tests ${input.when}: ${finding.kind}: ${finding.detail}\n`).join('') + `[overnight] the change weakens the tests: ${verdict}\n`,
    );
  }
  return result;
}
