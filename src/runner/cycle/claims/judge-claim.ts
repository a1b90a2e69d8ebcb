import type { GitCommit } from '../../github/types.js';
import type { SessionState } from '../../store/index.js';
import { describeHolder, parseClaimMessage } from './claim-message.js';

export type ClaimVerdict =
  /** This runner's, for a session still under way (running, or waiting to be pushed or get its PR). */
  | { kind: 'ours-live'; session: string; state: SessionState }
  /** This runner's, for a session that ended: a release that did not get through. Taken back at once. */
  | { kind: 'ours-done'; session: string }
  /** Someone else's (or nobody's we know), not refreshed for the TTL: may be taken over. */
  | { kind: 'stale'; owner: string; ageMinutes: number }
  /** Someone else's and alive: left alone. */
  | { kind: 'fresh'; owner: string; ageMinutes: number };

export interface JudgeClaimInput {
  /** The commit the claim ref points at. */
  commit: GitCommit;
  /** This runner's name. */
  runner: string;
  /**
   * What this runner knows of a session: its state, "claimed" for a session it claimed for but
   * never started (a crash in between), undefined for a session it does not know.
   */
  sessionState: (id: string) => SessionState | 'claimed' | undefined;
  ttlMinutes: number;
  /** This runner's clock, for when GitHub's answer carried no date. */
  now: Date;
}

const LIVE: readonly string[] = ['queued', 'running', 'committed', 'pushed'];

/**
 * Whose a claim is and whether it may be taken (pure). A claim is this runner's when it names this
 * runner and a session this runner knows; any other claim is aged by GitHub's clock alone (the
 * commit's committer date, which GitHub sets, against the date GitHub answered with), so neither
 * runner's clock decides when a claim goes stale.
 */
export function judgeClaim({ commit, runner, sessionState, ttlMinutes, now }: JudgeClaimInput): ClaimVerdict {
  const facts = parseClaimMessage(commit.message);
  const state = facts.runner === runner && facts.session ? sessionState(facts.session) : undefined;
  if (facts.session && state !== undefined) {
    return state !== 'claimed' && LIVE.includes(state) ? { kind: 'ours-live', session: facts.session, state } : { kind: 'ours-done', session: facts.session };
  }
  const owner = describeHolder(facts, 'an unknown runner');
  const madeAt = Date.parse(commit.committedAt) || Date.parse(facts.refreshedAt ?? facts.claimedAt ?? '');
  // A claim with no date at all cannot be aged: it is left alone rather than taken on a guess.
  if (Number.isNaN(madeAt)) return { kind: 'fresh', owner, ageMinutes: 0 };
  const seenAt = commit.answeredAt ? Date.parse(commit.answeredAt) : now.getTime();
  const ageMinutes = Math.max(0, Math.floor((seenAt - madeAt) / 60_000));
  return ageMinutes >= ttlMinutes ? { kind: 'stale', owner, ageMinutes } : { kind: 'fresh', owner, ageMinutes };
}
