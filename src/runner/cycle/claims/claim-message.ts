import { formatTrailers, splitTrailers, trailerValue } from '../../../protocol/index.js';

/** Who made a claim commit, and when by its own account. */
export interface ClaimFacts {
  runner: string;
  session: string;
  /** `#12`, `config:0`. */
  goal: string;
  /** The runner's clock when it first claimed; GitHub's committer date is what ages a claim. */
  claimedAt: string;
  /** Set on a refresh: the claim is alive. */
  refreshedAt?: string;
  /** Set when this claim replaced a stale one: whose. */
  tookOver?: string;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The message of a claim commit: a subject people can read in `git log`, and trailers the runners
 * read. Every refresh and every take-over is a new commit with the same facts and one more line.
 */
export function formatClaimMessage(facts: ClaimFacts): string {
  const { runner, session, goal } = facts;
  const trailers = [
    { key: 'Overnight-Runner', value: oneLine(runner) },
    { key: 'Overnight-Session', value: session },
    { key: 'Overnight-Goal', value: goal },
    { key: 'Overnight-Claimed-At', value: facts.claimedAt },
    ...(facts.refreshedAt ? [{ key: 'Overnight-Refreshed-At', value: facts.refreshedAt }] : []),
    ...(facts.tookOver ? [{ key: 'Overnight-Took-Over', value: oneLine(facts.tookOver) }] : []),
  ];
  return `overnight claim of ${goal} by ${oneLine(runner)}, session ${session}\n\n${formatTrailers(trailers)}\n`;
}

// The subject the runner wrote before claims carried trailers.
const LEGACY_SUBJECT = /^overnight claim of (\S+) by (.+), session (\S+)$/;

/** What a claim commit says of itself; fields it does not name are absent. */
export function parseClaimMessage(message: string): Partial<ClaimFacts> {
  const { trailers } = splitTrailers(message);
  const legacy = LEGACY_SUBJECT.exec(message.split('\n')[0]?.trim() ?? '');
  const runner = trailerValue(trailers, 'Overnight-Runner') ?? legacy?.[2];
  const session = trailerValue(trailers, 'Overnight-Session') ?? legacy?.[3];
  const goal = trailerValue(trailers, 'Overnight-Goal') ?? legacy?.[1];
  const claimedAt = trailerValue(trailers, 'Overnight-Claimed-At');
  const refreshedAt = trailerValue(trailers, 'Overnight-Refreshed-At');
  return {
    ...(runner ? { runner } : {}),
    ...(session ? { session } : {}),
    ...(goal ? { goal } : {}),
    ...(claimedAt ? { claimedAt } : {}),
    ...(refreshedAt ? { refreshedAt } : {}),
  };
}

/** "runner mac-mini (session 20261128-0107-a1b2c3)", from what a claim commit says of itself. */
export function describeHolder(facts: Partial<ClaimFacts>, unknown = 'another runner'): string {
  return facts.runner ? `runner ${facts.runner}${facts.session ? ` (session ${facts.session})` : ''}` : unknown;
}
