import { claimRefFor, goalKey } from '../../../protocol/index.js';
import { gitValue, type Git } from '../../git/git.js';
import type { ClaimOutcome, Claims } from './claims.js';
import type { Goal } from '../goals/goal-types.js';

export interface ClaimInput {
  git: Git;
  claims: Claims;
  /** The runner's repository, where the base was fetched. */
  gitDir: string;
  goal: Goal;
  /** The freshly fetched base: the claim commit sits on it, so GitHub has its tree. */
  baseSha: string;
  sessionId: string;
}

/** The claim ref of a goal. A revision claims its PR (`pr-<n>`), so a revision and a new attempt at the same issue never block each other. */
export const claimRefOf = (goal: Goal) => claimRefFor(goal.revision ? `pr-${goal.revision.prNumber}` : goalKey(goal.ref));

/** Claims a goal for a session of this runner (claims.ts); `won: false` says who holds it. */
export async function claimGoal({ git, claims, gitDir, goal, baseSha, sessionId }: ClaimInput): Promise<ClaimOutcome> {
  const treeSha = await gitValue(git, ['rev-parse', `${baseSha}^{tree}`], { gitDir });
  return claims.claim({ ref: claimRefOf(goal), goal: goal.key, sessionId, baseSha, treeSha });
}
