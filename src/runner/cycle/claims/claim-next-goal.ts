import type { Logger } from 'pino';
import type { Git } from '../../git/git.js';
import { claimGoal } from './claim-goal.js';
import type { Claims } from './claims.js';
import { decide, type Decision, type DecideInput } from '../goals/decide.js';
import type { SetAside } from '../goals/set-aside.js';

/** Goals tried per cycle: a claimed first choice falls through to the next, a few times at most. */
export const CLAIM_ATTEMPTS = 3;

export interface ClaimNextGoalInput {
  decideInput: DecideInput;
  /** The first decision, already made (it decides whether the base is fetched at all). */
  first: Extract<Decision, { kind: 'run' }>;
  git: Git;
  claims: Claims;
  gitDir: string;
  baseSha: string;
  sessionId: string;
  log: Pick<Logger, 'info'>;
  /** Holds a goal for this cycle among the runner's parallel slots; false when another slot has it. */
  hold?: (goal: string) => boolean;
}

export type Claimed =
  | { kind: 'claimed'; decision: Extract<Decision, { kind: 'run' }>; ref: string; passedOver: SetAside[] }
  /** Every goal tried was claimed elsewhere (or nothing else was left). */
  | { kind: 'none'; passedOver: SetAside[] };

/**
 * Claims the decided goal; when another runner (or a session of this one still publishing) holds
 * it, decides again without it, up to CLAIM_ATTEMPTS goals. The goals passed over come back with
 * why, for the cycle's reasons. A goal another slot of this runner holds is passed over too.
 */
export async function claimNextGoal({ decideInput, first, git, claims, gitDir, baseSha, sessionId, log, hold = () => true }: ClaimNextGoalInput): Promise<Claimed> {
  const passedOver: SetAside[] = [];
  let decision: Decision = first;
  for (let attempt = 1; decision.kind === 'run'; attempt++) {
    // The first choice is held already; a later one may have been taken by another slot meanwhile.
    if (decision !== first && !hold(decision.goal.key)) {
      passedOver.push({ key: decision.goal.key, kind: 'in-progress', reason: 'another session of this runner is working on it' });
      decision = decide({ ...decideInput, passedOver });
      continue;
    }
    const outcome = await claimGoal({ git, claims, gitDir, goal: decision.goal, baseSha, sessionId });
    if (outcome.won) return { kind: 'claimed', decision, ref: outcome.ref, passedOver };
    log.info({ goal: decision.goal.key, reason: outcome.reason }, `passed over ${decision.goal.key}: ${outcome.reason}`);
    passedOver.push({ key: decision.goal.key, kind: 'claimed', reason: outcome.reason });
    if (attempt >= CLAIM_ATTEMPTS) break;
    decision = decide({ ...decideInput, passedOver });
  }
  return { kind: 'none', passedOver };
}
