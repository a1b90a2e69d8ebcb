import { claimRefFor, goalKey } from '../../protocol/index.js';
import { gitValue, type Git } from '../git/git.js';
import type { Goal } from './goal-types.js';
import type { GithubPort } from '../github/types.js';

export interface ClaimInput {
  git: Git;
  github: GithubPort;
  /** The runner's repository, where the base was fetched. */
  repoPath: string;
  goal: Goal;
  /** The freshly fetched base: the claim commit sits on it, so GitHub has its tree. */
  baseSha: string;
  runner: string;
  sessionId: string;
}

/**
 * Claims a goal for this runner: `refs/heads/overnight-claims/<goal>` created without
 * force at a commit naming runner and session. A revision claims its PR (`pr-<n>`), so a revision
 * and a new attempt at the same issue never block each other. Undefined: another runner won.
 */
export async function claimGoal({ git, github, repoPath, goal, baseSha, runner, sessionId }: ClaimInput): Promise<string | undefined> {
  const ref = claimRefFor(goal.revision ? `pr-${goal.revision.prNumber}` : goalKey(goal.ref));
  const won = await github.claim(ref, {
    treeSha: await gitValue(git, ['rev-parse', `${baseSha}^{tree}`], { gitDir: repoPath }),
    parentSha: baseSha,
    message: `overnight claim of ${goal.key} by ${runner}, session ${sessionId}`,
  });
  return won ? ref : undefined;
}
