import { goalKey, type GoalRef } from './goal-ref.js';
import { isSessionId } from './session-id.js';

/** The runner pushes nothing but `agent/<session id>` branches. */
export const AGENT_BRANCH_PREFIX = 'agent/';
export const CLAIM_REF_PREFIX = 'refs/heads/overnight-claims/';

export function branchForSession(sessionId: string): string {
  if (!isSessionId(sessionId)) {
    throw new Error(`expected a session id like "20261128-0107-a1b2c3", got "${sessionId}"`);
  }
  return `${AGENT_BRANCH_PREFIX}${sessionId}`;
}

/**
 * The session id of an agent branch, from `agent/<id>` or `refs/heads/agent/<id>`; undefined for
 * any other ref, including `agent/` branches whose name is not a session id (someone else's branch).
 */
export function sessionIdFromRef(ref: string): string | undefined {
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
  if (!branch.startsWith(AGENT_BRANCH_PREFIX)) return undefined;
  const id = branch.slice(AGENT_BRANCH_PREFIX.length);
  return isSessionId(id) ? id : undefined;
}

/**
 * The ref a runner creates (without force) to claim a goal; the loser of a race gets "reference
 * already exists" and skips the goal. Takes a GoalRef or a key made by `goalKey`.
 */
export function claimRefFor(goal: GoalRef | string): string {
  const key = typeof goal === 'string' ? goal : goalKey(goal);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(key) || key.endsWith('.lock') || key.includes('..')) {
    throw new Error(`expected a goal key like "issue-12" or "config-0", got "${key}"`);
  }
  return `${CLAIM_REF_PREFIX}${key}`;
}
