import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatClaimMessage, parseClaimMessage } from '../../../../src/runner/cycle/claims/claim-message.js';
import { createClaims } from '../../../../src/runner/cycle/claims/claims.js';
import type { GithubPort } from '../../../../src/runner/github/types.js';
import { openStore, type Store } from '../../../../src/runner/store/index.js';
import { fakeGithub } from '../../helpers/fake-github.js';

const REF = 'refs/heads/overnight-claims/issue-12';
const BASE = 'b'.repeat(40);
const TREE = 'e'.repeat(40);

let store: Store;
let githubNow: Date;
let localNow: Date;
let github: ReturnType<typeof fakeGithub>;
let warnings: string[];

beforeEach(() => {
  localNow = new Date('2026-11-28T02:00:00Z');
  githubNow = localNow;
  store = openStore(':memory:', { now: () => localNow });
  github = fakeGithub({ clock: () => githubNow });
  warnings = [];
});
afterEach(() => store.close());

function claimsOf(runner: string, port: GithubPort = github, ttlMinutes = 180) {
  const log = pino({ level: 'info' }, { write: (line: string) => void warnings.push((JSON.parse(line) as { msg: string }).msg) });
  return createClaims({ github: port, store, runner, ttlMinutes, now: () => localNow, log });
}

const request = (sessionId: string) => ({ ref: REF, goal: '#12', sessionId, baseSha: BASE, treeSha: TREE });

/** A session row in `state`, as the cycle would have made it. */
function session(id: string, state: 'running' | 'committed' | 'failed' | 'pr-open') {
  store.createSession({ id, night: '2026-11-28', goal: '#12', goalTitle: 'Notes', agent: 'edit', rationale: '', branch: `agent/${id}`, claimRef: REF });
  if (state === 'running') store.moveSession(id, 'running');
  if (state === 'committed' || state === 'failed' || state === 'pr-open') {
    store.moveSession(id, 'running');
    store.moveSession(id, state === 'committed' || state === 'pr-open' ? 'committed' : 'failed');
  }
  if (state === 'pr-open') {
    store.moveSession(id, 'pushed');
    store.moveSession(id, 'pr-open');
  }
}

/** Another runner's claim, made `minutesAgo` by GitHub's clock. */
async function foreignClaim(minutesAgo: number, runner = 'mac-mini', sessionId = '20261128-0100-abcdef') {
  const made = githubNow;
  githubNow = new Date(made.getTime() - minutesAgo * 60_000);
  const sha = await github.createCommit({ treeSha: TREE, parents: [BASE], message: formatClaimMessage({ runner, session: sessionId, goal: '#12', claimedAt: githubNow.toISOString() }) });
  githubNow = made;
  await github.createRef(REF, sha);
  return sha;
}

describe('claim commits', () => {
  it('name runner, session, goal and time in trailers, and read back (the older subject-only form too)', () => {
    const message = formatClaimMessage({ runner: 'mac mini\nlab', session: '20261128-0107-a1b2c3', goal: '#12', claimedAt: '2026-11-28T01:07:00.000Z' });
    expect(message).toBe(
      'overnight claim of #12 by mac mini lab, session 20261128-0107-a1b2c3\n\nOvernight-Runner: mac mini lab\nOvernight-Session: 20261128-0107-a1b2c3\nOvernight-Goal: #12\nOvernight-Claimed-At: 2026-11-28T01:07:00.000Z\n',
    );
    expect(parseClaimMessage(message)).toStrictEqual({ runner: 'mac mini lab', session: '20261128-0107-a1b2c3', goal: '#12', claimedAt: '2026-11-28T01:07:00.000Z' });
    expect(parseClaimMessage('overnight claim of #12 by mac, session 20261128-0107-a1b2c3')).toStrictEqual({ runner: 'mac', session: '20261128-0107-a1b2c3', goal: '#12' });
  });
});

describe('claiming a goal', () => {
  it('records the claim in the store, then creates the ref without force at a commit on the base', async () => {
    const outcome = await claimsOf('mac').claim(request('20261128-0200-aaaaa1'));
    expect(outcome).toStrictEqual({ won: true, ref: REF });
    const sha = github.git.refs.get(REF)!;
    expect(github.git.commits.get(sha)).toMatchObject({ parents: [BASE] });
    expect(parseClaimMessage(github.git.commits.get(sha)!.message)).toMatchObject({ runner: 'mac', session: '20261128-0200-aaaaa1', goal: '#12' });
    expect(store.claims.unreleased()).toStrictEqual([
      expect.objectContaining({ ref: REF, goal: '#12', sessionId: '20261128-0200-aaaaa1', runner: 'mac', state: 'held', sha, treeSha: TREE, releaseAttempts: 0 }),
    ]);
  });

  it('leaves a fresh claim of another runner alone, saying whose it is and how old', async () => {
    const theirs = await foreignClaim(5);
    const outcome = await claimsOf('mac').claim(request('20261128-0200-aaaaa1'));
    expect(outcome).toStrictEqual({ won: false, reason: '#12 is claimed by runner mac-mini (session 20261128-0100-abcdef), 5 min ago (stale after 180 min)' });
    expect(github.git.refs.get(REF)).toBe(theirs);
    expect(store.claims.unreleased()).toStrictEqual([]);
  });

  it('takes over a claim not refreshed for the TTL, by a fast-forward onto it', async () => {
    const stale = await foreignClaim(4 * 60, 'old-laptop');
    const outcome = await claimsOf('mac').claim(request('20261128-0200-aaaaa1'));
    expect(outcome).toStrictEqual({ won: true, ref: REF, note: 'took over the claim of runner old-laptop (session 20261128-0100-abcdef), 240 min old' });
    const ours = github.git.commits.get(github.git.refs.get(REF)!)!;
    // A child of the stale claim: GitHub accepts the move only while the ref is still there.
    expect(ours.parents).toStrictEqual([stale]);
    expect(ours.message).toContain('\nOvernight-Took-Over: runner old-laptop (session 20261128-0100-abcdef), 240 min old\n');
    expect(store.claims.unreleased()).toMatchObject([{ state: 'held', note: outcome.won ? outcome.note : '' }]);
  });

  it('ages a claim by GitHub’s clock alone: a runner clock a day ahead takes nothing, one a day behind keeps nothing', async () => {
    await foreignClaim(5);
    localNow = new Date('2026-11-29T02:00:00Z');
    expect(await claimsOf('fast-clock').claim(request('20261129-0200-aaaaa1'))).toMatchObject({ won: false });
    githubNow = new Date('2026-11-28T06:00:00Z');
    localNow = new Date('2026-11-27T02:00:00Z');
    expect(await claimsOf('slow-clock').claim(request('20261127-0200-aaaaa2'))).toMatchObject({ won: true, note: expect.stringContaining('245 min old') });
  });

  it('loses the race when the other runner refreshes its claim between the read and the take-over', async () => {
    const stale = await foreignClaim(4 * 60, 'old-laptop');
    let refreshed: string | undefined;
    const racing: GithubPort = {
      ...github,
      readCommit: async (sha) => {
        const seen = await github.readCommit(sha);
        // The owner wakes up and refreshes right after we read its claim.
        refreshed = await github.createCommit({ treeSha: TREE, parents: [stale], message: formatClaimMessage({ runner: 'old-laptop', session: '20261128-0100-abcdef', goal: '#12', claimedAt: '2026-11-27T22:00:00Z', refreshedAt: githubNow.toISOString() }) });
        await github.advanceRef(REF, refreshed);
        return seen;
      },
    };
    const outcome = await claimsOf('mac', racing).claim(request('20261128-0200-aaaaa1'));
    expect(outcome).toStrictEqual({ won: false, reason: '#12 was claimed again by another runner while this one took over its stale claim' });
    expect(github.git.refs.get(REF)).toBe(refreshed);
    expect(store.claims.unreleased()).toStrictEqual([]);
  });

  it('loses a take-over when another runner took the stale claim first: only one of two runners wins it', async () => {
    await foreignClaim(4 * 60, 'old-laptop');
    const first = await claimsOf('mac').claim(request('20261128-0200-aaaaa1'));
    const second = await claimsOf('linux-box').claim(request('20261128-0200-bbbbb1'));
    expect(first).toMatchObject({ won: true });
    expect(second).toStrictEqual({ won: false, reason: '#12 is claimed by runner mac (session 20261128-0200-aaaaa1), 0 min ago (stale after 180 min)' });
  });

  it('recognises its own claim whose create was retried after the answer was lost', async () => {
    const lostAnswer: GithubPort = { ...github, createRef: async (ref, sha) => (await github.createRef(ref, sha), false) };
    expect(await claimsOf('mac', lostAnswer).claim(request('20261128-0200-aaaaa1'))).toStrictEqual({ won: true, ref: REF });
  });

  it('takes back at once a claim of its own whose session ended but whose release never got through', async () => {
    const mac = claimsOf('mac');
    session('20261128-0100-aaaaa0', 'failed');
    await mac.claim(request('20261128-0100-aaaaa0'));
    const left = github.git.refs.get(REF)!;
    // Minutes later, well inside the TTL: no other runner could take it, but this one can.
    const outcome = await mac.claim(request('20261128-0200-aaaaa1'));
    expect(outcome).toStrictEqual({ won: true, ref: REF, note: "took over the claim of this runner's ended session 20261128-0100-aaaaa0" });
    expect(github.git.commits.get(github.git.refs.get(REF)!)!.parents).toStrictEqual([left]);
    expect(store.claims.ofSessions(['20261128-0100-aaaaa0'])).toMatchObject([{ state: 'released', note: 'handed to session 20261128-0200-aaaaa1' }]);
  });

  it('keeps off a goal a session of its own is still publishing', async () => {
    const mac = claimsOf('mac');
    session('20261128-0100-aaaaa0', 'committed');
    await mac.claim(request('20261128-0100-aaaaa0'));
    expect(await mac.claim(request('20261128-0200-aaaaa1'))).toStrictEqual({ won: false, reason: "#12 is held by this runner's session 20261128-0100-aaaaa0 (committed)" });
  });

  it('treats a claim in its own name but of a session it does not know as another runner’s', async () => {
    await foreignClaim(5, 'mac', '20261120-0100-ffffff');
    expect(await claimsOf('mac').claim(request('20261128-0200-aaaaa1'))).toMatchObject({ won: false, reason: expect.stringContaining('runner mac (session 20261120-0100-ffffff), 5 min ago') });
  });
});

describe('releasing claims', () => {
  it('retries a release that failed until GitHub confirms the claim gone', async () => {
    session('20261128-0200-aaaaa1', 'running');
    let fail = true;
    const flaky: GithubPort = {
      ...github,
      release: async (ref) => {
        if (fail) throw Object.assign(new Error('Bad Gateway'), { status: 502 });
        return github.release(ref);
      },
    };
    const claims = claimsOf('mac', flaky);
    await claims.claim(request('20261128-0200-aaaaa1'));
    store.moveSession('20261128-0200-aaaaa1', 'failed');
    expect(await claims.release({ id: '20261128-0200-aaaaa1' })).toBe(false);
    expect(store.claims.unreleased()).toMatchObject([{ state: 'held', releaseAttempts: 1, lastError: 'Bad Gateway' }]);
    expect(warnings).toContain('could not release the claim on #12; the next cycle retries');
    expect(github.git.refs.has(REF)).toBe(true);

    fail = false;
    expect(await claims.settle()).toStrictEqual({ released: [REF], refreshed: [], errors: [] });
    expect(github.git.refs.has(REF)).toBe(false);
    expect(store.claims.ofSessions(['20261128-0200-aaaaa1'])).toMatchObject([{ state: 'released', releaseAttempts: 2, releasedAt: localNow.toISOString() }]);
    // Nothing left to do.
    expect(await claims.settle()).toStrictEqual({ released: [], refreshed: [], errors: [] });
  });

  it('never deletes a claim another runner took over meanwhile', async () => {
    session('20261128-0200-aaaaa1', 'running');
    const claims = claimsOf('mac');
    await claims.claim(request('20261128-0200-aaaaa1'));
    store.moveSession('20261128-0200-aaaaa1', 'failed');
    // This runner slept past the TTL; another one took the goal over.
    githubNow = new Date(githubNow.getTime() + 4 * 3600_000);
    expect(await claimsOf('linux-box').claim(request('20261128-0600-bbbbb1'))).toMatchObject({ won: true });
    const theirs = github.git.refs.get(REF);
    expect(await claims.release({ id: '20261128-0200-aaaaa1' })).toBe(true);
    expect(github.git.refs.get(REF)).toBe(theirs);
    expect(store.claims.ofSessions(['20261128-0200-aaaaa1'])).toMatchObject([{ state: 'lost', note: 'taken over by runner linux-box (session 20261128-0600-bbbbb1); left to it' }]);
  });

  it('cleans up after a claim whose answer never came (a crash or a lost response)', async () => {
    const answerLost: GithubPort = {
      ...github,
      createRef: async (ref, sha) => {
        await github.createRef(ref, sha);
        throw Object.assign(new Error('socket hang up'), { status: 500 });
      },
    };
    await expect(claimsOf('mac', answerLost).claim(request('20261128-0200-aaaaa1'))).rejects.toThrow('socket hang up');
    expect(store.claims.unreleased()).toMatchObject([{ state: 'pending' }]);
    // No session was ever made for it; the next settle removes the ref GitHub did create.
    expect(await claimsOf('mac').settle()).toStrictEqual({ released: [REF], refreshed: [], errors: [] });
    expect(github.git.refs.has(REF)).toBe(false);
  });

  it('releases the old way a claim an older overnight made (no claim row)', async () => {
    await github.createRef(REF, await github.createCommit({ treeSha: TREE, parents: [BASE], message: 'overnight claim of #12 by mac, session 20261127-0100-aaaaa0' }));
    expect(await claimsOf('mac').release({ id: '20261127-0100-aaaaa0', claimRef: REF })).toBe(true);
    expect(github.git.refs.has(REF)).toBe(false);
  });
});

describe('refreshing claims', () => {
  it('moves the ref to a child claim commit, so the claim stays fresh for other runners', async () => {
    const mac = claimsOf('mac');
    session('20261128-0200-aaaaa1', 'running');
    await mac.claim(request('20261128-0200-aaaaa1'));
    const first = github.git.refs.get(REF)!;
    githubNow = new Date(githubNow.getTime() + 170 * 60_000);
    localNow = githubNow;
    await mac.refresh('20261128-0200-aaaaa1');
    const refreshed = github.git.commits.get(github.git.refs.get(REF)!)!;
    expect(refreshed.parents).toStrictEqual([first]);
    expect(parseClaimMessage(refreshed.message)).toMatchObject({ session: '20261128-0200-aaaaa1', refreshedAt: localNow.toISOString() });
    expect(store.claims.unreleased()).toMatchObject([{ sha: refreshed.sha, refreshedAt: localNow.toISOString() }]);
    // 20 minutes later, 190 after the claim was made: still fresh, because it was refreshed.
    githubNow = new Date(githubNow.getTime() + 20 * 60_000);
    expect(await claimsOf('linux-box').claim(request('20261128-0510-bbbbb1'))).toMatchObject({ won: false, reason: expect.stringContaining('20 min ago') });
  });

  it('notices when the claim was taken over, stops holding it and says so', async () => {
    const mac = claimsOf('mac');
    session('20261128-0200-aaaaa1', 'running');
    await mac.claim(request('20261128-0200-aaaaa1'));
    githubNow = new Date(githubNow.getTime() + 4 * 3600_000);
    await claimsOf('linux-box').claim(request('20261128-0600-bbbbb1'));
    const theirs = github.git.refs.get(REF);
    await mac.refresh('20261128-0200-aaaaa1');
    expect(github.git.refs.get(REF)).toBe(theirs);
    expect(store.claims.ofSessions(['20261128-0200-aaaaa1'])).toMatchObject([{ state: 'lost', note: 'taken over by runner linux-box (session 20261128-0600-bbbbb1)' }]);
    expect(warnings).toContain('the claim on #12 was taken over by runner linux-box (session 20261128-0600-bbbbb1); the session goes on');
  });

  it('keeps the claims of sessions waiting to be pushed fresh at settle, and releases those of ended ones', async () => {
    const mac = claimsOf('mac');
    session('20261128-0100-aaaaa0', 'committed');
    await mac.claim({ ...request('20261128-0100-aaaaa0'), ref: 'refs/heads/overnight-claims/issue-11', goal: '#11' });
    session('20261128-0130-aaaaa1', 'pr-open');
    await mac.claim(request('20261128-0130-aaaaa1'));
    // Within the refresh interval (ttl / 6 = 30 min) nothing needs refreshing.
    localNow = new Date(localNow.getTime() + 10 * 60_000);
    expect(await mac.settle()).toStrictEqual({ released: [REF], refreshed: [], errors: [] });
    localNow = new Date(localNow.getTime() + 30 * 60_000);
    expect(await mac.settle()).toStrictEqual({ released: [], refreshed: ['refs/heads/overnight-claims/issue-11'], errors: [] });
  });
});
