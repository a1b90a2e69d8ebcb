import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testConfig } from '../helpers/config.js';
import { context, openTestStore, testCycle, tick } from '../helpers/cycle-harness.js';
import { API, capture, comment, issue, mockDashboard, mockGate, mockIssues, REPO, requestLog, unmatchedRequests } from '../helpers/github-mock.js';
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
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  repo.cleanup();
  expect(pending).toStrictEqual([]);
  expect(unmatched.seen).toStrictEqual([]);
});

const DASHBOARD = issue({ number: 3, title: '🌙 Overnight dashboard', labels: ['overnight:dashboard'] });
const MARKER = '<!-- overnight:runner-problem runner="test-runner" -->';

/** A runner whose agent is a program that is not there until `install()` puts it in place. */
function brokenAgentRunner() {
  const bin = join(repo.root, 'agent.sh');
  const config = testConfig(repo.dev, repo.dataDir, { goals: [], agents: { default: 'mine', defs: { mine: { kind: 'command', bin } } } });
  const problem = `agent "mine": binary \`${bin}\` not found or not executable; set agents.defs.mine.bin`;
  return {
    config,
    problem,
    install: () => (writeFileSync(bin, '#!/bin/sh\nexit 0\n'), chmodSync(bin, 0o755)),
    remove: () => chmodSync(bin, 0o644),
  };
}

/** A cycle that gets past its preflight and finds nothing to do. */
function mockIdleCycle(scope: nock.Scope) {
  mockGate(scope);
  mockIssues(scope, []);
}

describe("a cycle whose preflight fails notes it on the dashboard, and a passing one removes the note", () => {
  it('in one daemon: created once, no request while unchanged, deleted by the next healthy cycle', async () => {
    const store = openTestStore(repo.dataDir);
    const runner = brokenAgentRunner();
    const cycle = testCycle(runner.config, store);
    const scope = nock(API);
    const calls = requestLog(scope);
    mockDashboard(scope, [DASHBOARD]);
    scope.get(`${REPO}/issues/3/comments`).query({ per_page: '100' }).reply(200, [comment(9, 'alice', 'Nice dashboard')]);
    const posted: Record<string, unknown> = {};
    scope.post(`${REPO}/issues/3/comments`, capture(posted)).reply(201, { id: 501 });

    expect(await cycle(tick(), context())).toStrictEqual({ outcome: 'error', detail: runner.problem });
    expect(store.cyclesOfNight('2026-11-28')).toMatchObject([{ outcome: 'error', reasons: [runner.problem] }]);
    expect(store.sessionsOfNight('2026-11-28')).toStrictEqual([]);
    const body = String(posted.body);
    expect(body.split('\n')[0]).toBe('⚠️ **Runner `test-runner` cannot work** (since Sat 28 Nov, 02:00 UTC):');
    expect(body).toContain(`- ${runner.problem}\n`);
    expect(body).toContain('goals are not charged for this');
    expect(body.endsWith(MARKER)).toBe(true);
    expect(calls).toStrictEqual(['GET /issues', 'GET /issues/3/comments', 'POST /issues/3/comments']);

    // The same problem next tick: the note already says it.
    expect(await cycle(tick(), context())).toMatchObject({ outcome: 'error' });
    expect(calls).toHaveLength(3);

    runner.install();
    scope.delete(`${REPO}/issues/comments/501`).reply(204);
    mockIdleCycle(scope);
    expect(await cycle(tick(), context())).toMatchObject({ outcome: 'idle' });
    expect(calls.slice(3, 4)).toStrictEqual(['DELETE /issues/comments/501']);

    // Healthy from here on: nothing but the cycle's own reads.
    mockIdleCycle(scope);
    const before = calls.length;
    expect(await cycle(tick(), context())).toMatchObject({ outcome: 'idle' });
    expect(calls.slice(before)).toStrictEqual(['GET /contents/.github%2Fovernight.yml', 'GET /issues', 'GET /pulls', 'GET /issues']);
    expect(nock.pendingMocks()).toStrictEqual([]);
    store.close();
  });

  it('across fresh processes (overnight once): the store says when to look for a stale note', async () => {
    const store = openTestStore(repo.dataDir);
    const runner = brokenAgentRunner();
    runner.install();
    const scope = nock(API);

    // A first healthy once: the store has no failed cycle, so no look at the dashboard.
    mockIdleCycle(scope);
    expect(await testCycle(runner.config, store)(tick(), context())).toMatchObject({ outcome: 'idle' });

    // The agent goes missing: the next once finds the dashboard and notes it there.
    runner.remove();
    mockDashboard(scope, [DASHBOARD]);
    scope.get(`${REPO}/issues/3/comments`).query({ per_page: '100' }).reply(200, []);
    scope.post(`${REPO}/issues/3/comments`).reply(201, { id: 777 });
    expect(await testCycle(runner.config, store)(tick(), context())).toMatchObject({ outcome: 'error', detail: runner.problem });

    // Fixed: the next once knows from the store that the last cycle failed, finds its note and deletes it.
    runner.install();
    mockDashboard(scope, [DASHBOARD]);
    scope.get(`${REPO}/issues/3/comments`).query({ per_page: '100' }).reply(200, [comment(777, 'dev', `⚠️ **Runner \`test-runner\` cannot work** ...\n\n${MARKER}`)]);
    scope.delete(`${REPO}/issues/comments/777`).reply(204);
    mockIdleCycle(scope);
    expect(await testCycle(runner.config, store)(tick(), context())).toMatchObject({ outcome: 'idle' });
    expect(nock.pendingMocks()).toStrictEqual([]);
    store.close();
  });

  it("writes nothing without a dashboard; a GitHub failure while noting leaves the cycle's outcome as it was", async () => {
    const store = openTestStore(repo.dataDir);
    const runner = brokenAgentRunner();
    const scope = nock(API);
    mockDashboard(scope, []);
    expect(await testCycle(runner.config, store)(tick(), context())).toStrictEqual({ outcome: 'error', detail: runner.problem });

    scope.get(`${REPO}/issues`).query(true).reply(401, { message: 'Bad credentials' });
    expect(await testCycle(runner.config, store)(tick(), context())).toStrictEqual({ outcome: 'error', detail: runner.problem });
    expect(store.cyclesOfNight('2026-11-28').map((cycle) => cycle.detail)).toStrictEqual([runner.problem, runner.problem]);
    expect(nock.pendingMocks()).toStrictEqual([]);
    store.close();
  });
});
