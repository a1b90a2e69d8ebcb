import type { Logger } from 'pino';
import type { GithubPort } from '../../github/types.js';
import type { ClaimRow, SessionRow, Store } from '../../store/index.js';
import { describeHolder, formatClaimMessage, parseClaimMessage } from './claim-message.js';
import { judgeClaim, type ClaimVerdict } from './judge-claim.js';
import { releaseClaim } from './release-claim.js';

export interface ClaimsDeps {
  github: GithubPort;
  store: Store;
  /** This runner's name (`runnerName`, else the host name). */
  runner: string;
  /** `claims.ttlMinutes`. */
  ttlMinutes: number;
  now: () => Date;
  log?: Pick<Logger, 'info' | 'warn'>;
}

export interface ClaimRequest {
  ref: string;
  /** `#12`, `config:0`. */
  goal: string;
  sessionId: string;
  /** The claim commit sits on the freshly fetched base, so GitHub has its tree. */
  baseSha: string;
  treeSha: string;
}

export type ClaimOutcome = { won: true; ref: string; note?: string } | { won: false; reason: string };

const LIVE_SESSION: readonly string[] = ['queued', 'running'];
const PUBLISHING: readonly string[] = ['committed', 'pushed'];

/**
 * The claims protocol: a claim ref per goal, created without force at a commit naming runner and
 * session; refreshed (a fast-forward onto a new claim commit) while its session lives; released
 * until GitHub confirms it gone; a stale one taken over by a fast-forward onto it, which GitHub
 * refuses when the ref moved in between, so a fresh claim of another runner is never replaced.
 * Every claim is recorded in the store first (docs/reliability.md).
 */
export function createClaims({ github, store, runner, ttlMinutes, now, log }: ClaimsDeps) {
  const table = store.claims;
  const refreshEveryMs = (ttlMinutes * 60_000) / 6;
  const stamp = () => now().toISOString();
  const releaseRow = (row: ClaimRow) => releaseClaim({ github, table, runner, now, ...(log ? { log } : {}) }, row);
  const sessionState = (id: string) => store.getSession(id)?.state ?? (table.knows(id) ? ('claimed' as const) : undefined);

  function held(row: ClaimRow, sha: string, treeSha: string, note?: string): ClaimOutcome {
    table.update(row.id, { state: 'held', sha, treeSha, ...(note ? { note } : {}) });
    return { won: true, ref: row.ref, ...(note ? { note } : {}) };
  }

  function refused(row: ClaimRow, reason: string): ClaimOutcome {
    table.drop(row.id);
    return { won: false, reason };
  }

  const message = (row: ClaimRow, extra: { refreshedAt?: string; tookOver?: string } = {}) =>
    formatClaimMessage({ runner, session: row.sessionId, goal: row.goal, claimedAt: row.claimedAt, ...extra });

  function whyNot(goal: string, verdict: ClaimVerdict): string {
    if (verdict.kind === 'ours-live') return `${goal} is held by this runner's session ${verdict.session} (${verdict.state})`;
    if (verdict.kind === 'fresh') return `${goal} is claimed by ${verdict.owner}, ${verdict.ageMinutes} min ago (stale after ${ttlMinutes} min)`;
    return `${goal} could not be claimed`;
  }

  async function claim(request: ClaimRequest): Promise<ClaimOutcome> {
    const row = table.begin({ ref: request.ref, goal: request.goal, sessionId: request.sessionId, runner });
    const sha = await github.createCommit({ treeSha: request.treeSha, parents: [request.baseSha], message: message(row) });
    // Known before the ref exists: a crash from here on leaves a row settle can clean up after.
    table.update(row.id, { sha, treeSha: request.treeSha });
    if (await github.createRef(request.ref, sha)) return held(row, sha, request.treeSha);
    const current = await github.refSha(request.ref);
    if (current === undefined) {
      // Released between our create and our read: one more try, then it is another runner's.
      return (await github.createRef(request.ref, sha)) ? held(row, sha, request.treeSha) : refused(row, `${request.goal} was claimed by another runner a moment ago`);
    }
    // Our own create, retried after an answer that never came: GitHub already holds it for us.
    if (current === sha) return held(row, sha, request.treeSha);
    const verdict = judgeClaim({ commit: await github.readCommit(current), runner, sessionState, ttlMinutes, now: now() });
    if (verdict.kind === 'fresh' || verdict.kind === 'ours-live') return refused(row, whyNot(request.goal, verdict));

    const from = verdict.kind === 'stale' ? `${verdict.owner}, ${verdict.ageMinutes} min old` : `this runner's ended session ${verdict.session}`;
    const takeover = await github.createCommit({ treeSha: request.treeSha, parents: [current], message: message(row, { tookOver: from }) });
    const moved = await github.advanceRef(request.ref, takeover);
    const won = moved === 'moved' || (moved === 'gone' && (await github.createRef(request.ref, takeover)));
    if (!won) return refused(row, `${request.goal} was claimed again by another runner while this one took over its stale claim`);
    if (verdict.kind === 'ours-done') {
      const earlier = table.openOf(verdict.session);
      if (earlier) table.update(earlier.id, { state: 'released', releasedAt: stamp(), note: `handed to session ${request.sessionId}` });
    }
    const note = `took over the claim of ${from}`;
    log?.info({ ref: request.ref, goal: request.goal, from }, `${request.goal}: ${note}`);
    return held(row, takeover, request.treeSha, note);
  }

  /** Moves a held claim onto a new claim commit, so it never looks stale while its session lives. */
  async function refresh(sessionId: string): Promise<void> {
    const row = table.openOf(sessionId);
    if (!row || row.state !== 'held' || !row.sha || !row.treeSha) return;
    const sha = await github.createCommit({ treeSha: row.treeSha, parents: [row.sha], message: message(row, { refreshedAt: stamp() }) });
    const moved = await github.advanceRef(row.ref, sha);
    // Gone: deleted by hand, or released meanwhile; only a claim still held is made again.
    const stillHeld = () => table.get(row.id)?.state === 'held';
    if (moved === 'moved' || (moved === 'gone' && stillHeld() && (await github.createRef(row.ref, sha)))) {
      table.update(row.id, { sha, refreshedAt: stamp() });
      return;
    }
    if (!stillHeld()) return;
    const current = await github.refSha(row.ref);
    const facts = current ? parseClaimMessage((await github.readCommit(current)).message) : {};
    if (current && facts.runner === runner && facts.session === sessionId) {
      // A refresh of ours that GitHub applied without our hearing of it: build on it next time.
      table.update(row.id, { sha: current, refreshedAt: stamp() });
      return;
    }
    const by = describeHolder(facts);
    table.update(row.id, { state: 'lost', releasedAt: stamp(), note: `taken over by ${by}` });
    log?.warn({ ref: row.ref, session: sessionId, by }, `the claim on ${row.goal} was taken over by ${by}; the session goes on`);
  }

  return {
    refreshEveryMs,
    claim,
    refresh,

    /** Releases a session's claim; a failure is recorded and retried by `settle`, never thrown. */
    async release(session: Pick<SessionRow, 'id' | 'claimRef'>): Promise<boolean> {
      const row = table.openOf(session.id);
      if (row) return releaseRow(row);
      // A session an older overnight claimed for has no claim row: released the old way.
      if (session.claimRef && !table.knows(session.id)) await github.release(session.claimRef).catch(() => undefined);
      return true;
    },

    /**
     * Start of every cycle and recovery: every claim of an ended session is released (again), and
     * the claims of sessions waiting to be pushed or to get their PR are kept fresh.
     */
    async settle(): Promise<{ released: string[]; refreshed: string[]; errors: string[] }> {
      const outcome = { released: [] as string[], refreshed: [] as string[], errors: [] as string[] };
      for (const row of table.unreleased()) {
        const state = store.getSession(row.sessionId)?.state;
        if (state && LIVE_SESSION.includes(state)) continue;
        if (state && PUBLISHING.includes(state)) {
          const last = Date.parse(row.refreshedAt ?? row.claimedAt);
          if (now().getTime() - last < refreshEveryMs) continue;
          await refresh(row.sessionId).then(
            () => outcome.refreshed.push(row.ref),
            (error: Error) => outcome.errors.push(`${row.ref}: ${error.message}`),
          );
          continue;
        }
        if (await releaseRow(row)) outcome.released.push(row.ref);
        else outcome.errors.push(`${row.ref}: ${table.get(row.id)?.lastError ?? 'release failed'}`);
      }
      return outcome;
    },
  };
}

export type Claims = ReturnType<typeof createClaims>;
