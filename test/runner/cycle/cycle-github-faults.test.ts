import nock from 'nock';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nodeAgent, testConfig } from '../helpers/config.js';
import { context, NOW, openTestStore, testCycle, tick } from '../helpers/cycle-harness.js';
import {
  API,
  CLAIM_SHA,
  foreignClaim,
  issue,
  mockClaim,
  mockComments,
  mockDashboard,
  mockGate,
  mockIssues,
  mockPermission,
  mockRelease,
  mockRunningLabel,
  REPO,
  requestLog,
  unmatchedRequests,
} from '../helpers/github-mock.js';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.js';

let repo: TempRepo;
let unmatched: ReturnType<typeof unmatchedRequests>;

beforeEach(() => {
  nock.disableNetConnect();
  unmatched = unmatchedRequests();
  repo = createTempRepo();
});
afterEach(() => {
  unmatched.stop();
  nock.cleanAll();
  nock.enableNetConnect();
  repo.cleanup();
  expect(unmatched.seen).toStrictEqual([]);
});

/** A config whose agent changes nothing: the session ends `no-changes` and releases its claim. */
const quietConfig = () => testConfig(repo.dev, repo.dataDir, { agents: { default: 'quiet', defs: { quiet: nodeAgent('no-change.mjs') } } });
const CLAIMS = /\/repos\/acme\/widgets\/git\/refs?\/heads%2Fovernight-claims%2F/;

function goals(scope: nock.Scope, numbers: number[]) {
  mockIssues(scope, numbers.map((number) => issue({ number, title: `Goal ${number}`, created_at: `2026-11-0${number % 9}T10:00:00Z` })));
  mockPermission(scope, 'alice', 'write');
  for (const number of numbers) mockComments(scope, number, []);
}

describe('the cycle when GitHub fails', () => {
  it('goes on after a 502 on the issue listing (retried)', async () => {
    const store = openTestStore(repo.dataDir);
    const scope = nock(API);
    mockGate(scope);
    scope.get(`${REPO}/issues`).query({ state: 'open', labels: 'overnight', per_page: '100' }).reply(502, { message: 'Bad Gateway' });
    goals(scope, [12]);
    mockClaim(scope);
    mockRunningLabel(scope, 12);
    const result = await testCycle(quietConfig(), store)(tick(), context());
    expect(result.outcome).toBe('no-changes');
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it('skips the cycle with the reset time when GitHub’s rate limit will not reset soon', async () => {
    const store = openTestStore(repo.dataDir);
    const scope = nock(API);
    // The gate's three reads go out together; the first is refused.
    scope
      .get(`${REPO}/contents/.github%2Fovernight.yml`)
      .reply(403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { 'retry-after': '780' });
    mockDashboard(scope, []);
    scope.get(`${REPO}/pulls`).query({ state: 'open', per_page: '100' }).reply(200, []);
    const config = testConfig(repo.dev, repo.dataDir, { schedule: { timezone: 'Europe/Berlin', window: { start: '01:00', end: '05:00' }, every: '30m' } });
    const result = await testCycle(config, store)(tick(), context());
    // 02:00 UTC + 13 min is 03:13 in Berlin.
    const why = 'GitHub secondary rate limit reached; resets at 03:13 (Europe/Berlin)';
    expect(result).toStrictEqual({ outcome: 'skipped', detail: why });
    expect(store.cyclesOfNight('2026-11-28')[0]).toMatchObject({ outcome: 'skipped', reasons: [why] });
    expect(store.sessionsOfNight('2026-11-28')).toStrictEqual([]);
    await vi.waitFor(() => expect(nock.pendingMocks()).toStrictEqual([]));
  });
});

describe('the cycle and claims', () => {
  it('falls through to the next goal when the first is claimed by another runner, naming it in the reasons', async () => {
    const store = openTestStore(repo.dataDir);
    const scope = nock(API);
    const calls = requestLog(scope);
    mockGate(scope);
    goals(scope, [12, 13]);
    mockClaim(scope, { won: false, foreignMinutes: 5 });
    mockClaim(scope);
    mockRunningLabel(scope, 13);
    const result = await testCycle(quietConfig(), store)(tick(), context());
    expect(result.outcome).toBe('no-changes');
    const [session] = store.sessionsOfNight('2026-11-28');
    expect(session).toMatchObject({ goal: '#13', claimRef: 'refs/heads/overnight-claims/issue-13' });
    expect(session!.rationale).toContain('#12 passed over (claimed)');
    expect(store.cyclesOfNight('2026-11-28')[0]?.reasons).toStrictEqual([
      '#12 is claimed by runner mac-mini (session 20261128-0100-abcdef), 5 min ago (stale after 180 min)',
    ]);
    // #12's claim was only read, never moved or deleted.
    expect(calls.filter((call) => /issue-12/.test(call))).toStrictEqual(['GET /git/ref/heads%2Fovernight-claims%2Fissue-12']);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it('takes over a claim left 4 hours ago by a runner that is gone, by a fast-forward onto it', async () => {
    const store = openTestStore(repo.dataDir);
    const scope = nock(API);
    mockGate(scope);
    goals(scope, [12]);
    const stale = foreignClaim(NOW, 240, 'old-laptop');
    scope.post(`${REPO}/git/commits`).reply(201, { sha: CLAIM_SHA });
    scope.post(`${REPO}/git/refs`).reply(422, { message: 'Reference already exists' });
    scope.get(CLAIMS).reply(200, { object: { type: 'commit', sha: stale.sha } });
    scope.get(`${REPO}/git/commits/${stale.sha}`).reply(200, stale, { date: NOW.toUTCString() });
    const takeover: Record<string, unknown> = {};
    scope.post(`${REPO}/git/commits`, (body: Record<string, unknown>) => (Object.assign(takeover, body), true)).reply(201, { sha: 'a'.repeat(40) });
    const moved: Record<string, unknown> = {};
    scope.patch(CLAIMS, (body: Record<string, unknown>) => (Object.assign(moved, body), true)).reply(200, { object: { sha: 'a'.repeat(40) } });
    mockRunningLabel(scope, 12);
    // Released at the end of the session: still ours, then deleted.
    scope.get(CLAIMS).reply(200, { object: { type: 'commit', sha: 'a'.repeat(40) } });
    scope.delete(CLAIMS).reply(204);

    const result = await testCycle(quietConfig(), store)(tick(), context());

    expect(result.outcome).toBe('no-changes');
    expect(takeover).toMatchObject({ parents: [stale.sha], message: expect.stringContaining('Overnight-Took-Over: runner old-laptop (session 20261128-0100-abcdef), 240 min old') });
    expect(moved).toStrictEqual({ sha: 'a'.repeat(40), force: false });
    expect(store.claims.ofSessions([store.sessionsOfNight('2026-11-28')[0]!.id])).toMatchObject([{ state: 'released', note: expect.stringContaining('took over the claim of runner old-laptop') }]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it('retries a claim release that failed at the start of the next cycle, then works on the goal again', async () => {
    const store = openTestStore(repo.dataDir);
    const scope = nock(API);
    mockGate(scope);
    goals(scope, [12]);
    mockClaim(scope, { released: false });
    mockRunningLabel(scope, 12);
    // The release fails (GitHub answers 502 every time the client retries).
    scope.get(CLAIMS).reply(200, { object: { type: 'commit', sha: CLAIM_SHA } });
    scope.delete(CLAIMS).times(4).reply(502, { message: 'Bad Gateway' });
    const first = await testCycle(quietConfig(), store)(tick(), context());
    expect(first.outcome).toBe('no-changes');
    const [session] = store.sessionsOfNight('2026-11-28');
    expect(store.claims.ofSessions([session!.id])).toMatchObject([{ state: 'held', releaseAttempts: 1, lastError: expect.stringContaining('Bad Gateway') }]);
    expect(nock.pendingMocks()).toStrictEqual([]);

    // Next cycle: settle releases it first; the goal is claimed and worked on again.
    const later = new Date('2026-11-28T02:30:00Z');
    mockRelease(scope);
    mockGate(scope);
    goals(scope, [12]);
    mockClaim(scope);
    mockRunningLabel(scope, 12);
    const second = await testCycle(quietConfig(), store, { clock: { now: () => later }, randomHex: () => 'bbbbb2' })(tick(later), context());
    expect(second.outcome).toBe('no-changes');
    expect(store.claims.ofSessions([session!.id])).toMatchObject([{ state: 'released', releaseAttempts: 2 }]);
    expect(store.sessionsOfNight('2026-11-28').map((s) => s.goal)).toStrictEqual(['#12', '#12']);
    expect(store.claims.unreleased()).toStrictEqual([]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it('refreshes the claim while a long session runs', async () => {
    const store = openTestStore(repo.dataDir);
    const scope = nock(API);
    mockGate(scope);
    goals(scope, [12]);
    mockClaim(scope, { released: false });
    mockRunningLabel(scope, 12);
    const refreshes: Record<string, unknown>[] = [];
    const refreshed = join(repo.root, 'refreshed');
    // Refreshes come on a timer: as many as fit in the session, each used at least once.
    const refreshing = nock(API).persist();
    const isRefresh = (body: Record<string, unknown>) => String(body.message).includes('Overnight-Refreshed-At: ') && (refreshes.push(body), true);
    refreshing.post(`${REPO}/git/commits`, isRefresh).reply(201, () => ({ sha: String(refreshes.length).padStart(40, 'd') }));
    // The agent works until the claim was refreshed once.
    refreshing.patch(CLAIMS).reply(() => (writeFileSync(refreshed, ''), [200, { object: { sha: 'd'.repeat(40) } }]));
    // Released as the claim moved last.
    scope.get(CLAIMS).reply(200, () => ({ object: { type: 'commit', sha: String(refreshes.length).padStart(40, 'd') } }));
    scope.delete(CLAIMS).reply(204);
    const wait = `while [ ! -f '${refreshed}' ]; do sleep 0.02; done`;
    const config = testConfig(repo.dev, repo.dataDir, { agents: { default: 'slow', defs: { slow: { kind: 'command', bin: '/bin/sh', args: ['-c', wait] } } } });
    const result = await testCycle(config, store, { claimRefreshMs: 300 })(tick(), context());
    expect(result.outcome).toBe('no-changes');
    expect(existsSync(refreshed)).toBe(true);
    // Each refresh is a child of the claim commit before it, moved onto without force.
    expect(refreshes.length).toBeGreaterThanOrEqual(1);
    expect(refreshes.map((body) => body.parents)).toStrictEqual(refreshes.map((_, index) => [index === 0 ? CLAIM_SHA : String(index).padStart(40, 'd')]));
    expect(store.claims.unreleased()).toStrictEqual([]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
