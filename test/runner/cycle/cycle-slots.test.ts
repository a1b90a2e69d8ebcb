import { mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CycleContext, CycleSlots } from '../../../src/runner/cycle/cycle-types.js';
import { slotsFor, type CycleSlot } from '../../../src/runner/daemon/cycle-slot.js';
import type { GithubPort, OpenPrInput } from '../../../src/runner/github/types.js';
import { shellAgent, testConfig } from '../helpers/config.js';
import { context, openTestStore, testCycle, tick } from '../helpers/cycle-harness.js';
import { fakeGithub, issueInfo } from '../helpers/fake-github.js';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.js';

// The real cycle, real git and real agent processes; GitHub is an in-memory fake (no HTTP, so no nock).

let repo: TempRepo;
beforeEach(() => {
  repo = createTempRepo();
});
afterEach(() => repo.cleanup());

/** Three goal issues by a writer; PRs opened by the runner are numbered from 100. */
function github(): GithubPort & { opened: OpenPrInput[] } {
  const opened: OpenPrInput[] = [];
  const base = fakeGithub({ issues: [issueInfo(1), issueInfo(2), issueInfo(3)], permissions: { alice: 'write' } });
  return Object.assign(base, {
    opened,
    openPr: async (input: OpenPrInput) => opened.push(input) + 99,
  });
}

/** Slots as the daemon hands them out: `others` are goals other cycles hold. */
function slots(others: string[] = []): { slots: CycleSlots; holds: Array<{ goal: string; moreWork: boolean }> } {
  const running = new Map<string, CycleSlot>();
  others.forEach((goal, index) => running.set(`other${index}`, { id: `other${index}`, goal } as CycleSlot));
  running.set('me', { id: 'me' } as CycleSlot);
  const holds: Array<{ goal: string; moreWork: boolean }> = [];
  const api = slotsFor(running, 'me', () => undefined);
  return { holds, slots: { held: api.held, hold: (claim) => (holds.push({ goal: claim.goal, moreWork: claim.moreWork }), api.hold(claim)) } };
}

const config = (extra: Parameters<typeof testConfig>[2] = {}) =>
  testConfig(repo.dev, repo.dataDir, { pr: { openedBy: 'runner' }, agents: { default: 'edit', defs: { edit: shellAgent('echo note > NOTES.md') } }, ...extra });

describe('the cycle beside other slots', () => {
  it('leaves out the goals other slots hold, takes the next one and says more goals were ready', async () => {
    const store = openTestStore(repo.dataDir);
    const { slots: mine, holds } = slots(['#1']);
    const result = await testCycle(config(), store, { github: github() })(tick(), { ...context(), slots: mine });
    expect(result).toStrictEqual({ outcome: 'pr-open', detail: expect.stringMatching(/PR #100$/), moreWork: true });
    expect(holds).toStrictEqual([{ goal: '#2', moreWork: true }]);
    expect(store.sessionsOfNight('2026-11-28').map((session) => session.goal)).toStrictEqual(['#2']);
  });

  it('reports no more work when the goal it took was the last one ready', async () => {
    const store = openTestStore(repo.dataDir);
    const { slots: mine, holds } = slots(['#1', '#3']);
    const result = await testCycle(config(), store, { github: github() })(tick(), { ...context(), slots: mine });
    expect(result.moreWork).toBeUndefined();
    expect(holds).toStrictEqual([{ goal: '#2', moreWork: false }]);
  });

  it('is idle, naming them, when other slots hold every goal', async () => {
    const store = openTestStore(repo.dataDir);
    const { slots: mine, holds } = slots(['#1', '#2', '#3']);
    const result = await testCycle(config(), store, { github: github() })(tick(), { ...context(), slots: mine });
    expect(result).toStrictEqual({ outcome: 'idle', detail: 'nothing to do: #1, #2, #3 are being worked on in other slots' });
    expect(holds).toStrictEqual([]);
    expect(store.cyclesOfNight('2026-11-28')[0]!.reasons).toStrictEqual(['#1, #2, #3 are being worked on in other slots']);
  });

  it('leaves out a goal whose session is pushed and waits for its PR (its claim still stands)', async () => {
    const store = openTestStore(repo.dataDir);
    // The bot opens the PRs here and has not yet: the first session stays pushed.
    const byBot = config({ pr: { openedBy: 'bot', fallbackAfterMinutes: 30 } });
    const gh = github();
    const cycle = testCycle(byBot, store, { github: gh });
    expect(await cycle(tick(), context())).toMatchObject({ outcome: 'pushed', moreWork: true });
    const second = await cycle(tick(), context());
    expect(store.sessionsOfNight('2026-11-28').map((session) => [session.goal, session.state])).toStrictEqual([
      ['#1', 'pushed'],
      ['#2', 'pushed'],
    ]);
    expect(second).toMatchObject({ outcome: 'pushed', moreWork: true });
    expect(store.sessionsOfNight('2026-11-28')[1]!.rationale).toContain('first of 2 ready goals');
    expect(gh.opened).toStrictEqual([]);
  });

  it('runs two sessions side by side on one clone: own workspaces, both pushed, one PR each, two spares kept', async () => {
    // Each agent waits (up to 5 s) until both have arrived, then writes how many it saw.
    const meeting = mkdtempSync(join(repo.root, 'meeting-'));
    const meet = `touch '${meeting}/{session}'; i=0; while [ "$(ls '${meeting}' | wc -l)" -lt 2 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; ls '${meeting}' | wc -l | tr -d ' ' > MET.txt`;
    const store = openTestStore(repo.dataDir);
    const gh = github();
    const parallel = config({ budget: { maxConcurrent: 2 }, agents: { default: 'meet', defs: { meet: shellAgent(meet) } } });
    const cycle = testCycle(parallel, store, { github: gh });
    const running = new Map<string, CycleSlot>();
    const ctxFor = (id: string): CycleContext => {
      running.set(id, { id } as CycleSlot);
      return { ...context(), cycleId: id, slots: slotsFor(running, id, () => undefined) };
    };
    const results = await Promise.all([cycle(tick(), ctxFor('a')), cycle(tick(), ctxFor('b'))]);

    expect(results.map((result) => result.outcome)).toStrictEqual(['pr-open', 'pr-open']);
    const sessions = store.sessionsOfNight('2026-11-28');
    expect(sessions.map((session) => session.goal).sort()).toStrictEqual(['#1', '#2']);
    expect(readdirSync(meeting).sort()).toStrictEqual(sessions.map((session) => session.id).sort());
    for (const session of sessions) {
      // Both agents were at work at once.
      expect(repo.git(repo.origin, 'show', `${session.branch}:MET.txt`).trim()).toBe('2');
      expect(repo.git(repo.origin, 'rev-list', '--count', `main..${session.branch}`).trim()).toBe('1');
    }
    expect(gh.opened.map((pr) => pr.head).sort()).toStrictEqual(sessions.map((session) => session.branch).sort());
    // One spare workspace per slot is kept; the developer's clone never gets a worktree.
    expect(readdirSync(join(repo.dataDir, 'workspaces')).sort()).toStrictEqual(['spare-0', 'spare-1']);
    const worktrees = repo.git(repo.dev, 'worktree', 'list', '--porcelain').split('\n').filter((line) => line.startsWith('worktree '));
    expect(worktrees).toStrictEqual([`worktree ${repo.dev}`]);
  });
});
