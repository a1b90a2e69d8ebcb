import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { watchRunner } from '../../../src/demo/show/watch-runner.js';
import { openStore } from '../../../src/runner/store/index.js';
import { git, tempSampleRepo } from '../helpers.js';

const NIGHT = '2026-11-27';

/** A real runner store and a real commit in the sample clone, written as the runner would. */
async function setUp(runnerLog?: (dataDir: string) => string) {
  const repo = await tempSampleRepo();
  const dataDir = await mkdtemp(join(tmpdir(), 'overnight-demo-watch-'));
  onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
  const dbPath = join(dataDir, 'state.db');
  const store = openStore(dbPath);
  onTestFinished(() => store.close());
  const lines: string[] = [];
  let facts = 'AC power (100%), wifi "SandboxNet"';
  const log = runnerLog?.(dataDir);
  const watch = watchRunner({ dbPath, repoPath: repo.path, print: (line) => lines.push(line), describeFacts: () => facts, ...(log ? { runnerLog: log } : {}) });
  onTestFinished(() => watch.close());
  return { repo, store, watch, lines, log, setFacts: (text: string) => (facts = text) };
}

describe('watchRunner', () => {
  it('prints nothing before the runner has made its state, then each cycle once, as it starts and as it ends', async () => {
    const { store, watch, lines, setFacts } = await setUp();
    await watch.poll();
    expect(lines).toEqual([]);

    setFacts('battery (83%), wifi "SandboxNet"');
    const cycle = store.startCycle({ night: NIGHT, scheduledAt: new Date('2026-11-27T12:00:21.700Z'), startedAt: new Date(), catchUp: false });
    await watch.poll();
    store.finishCycle(cycle.id, { outcome: 'skipped', reasons: ['on battery (83%, discharging): pluggedIn requires AC power'] });
    await watch.poll();
    await watch.poll();

    expect(lines).toEqual([
      expect.stringMatching(/^tick 1 \(scheduled \d\d:\d\d:21\.7 with jitter\); stand-ins report battery \(83%\), wifi "SandboxNet"$/),
      '  gate closed, cycle skipped: on battery (83%, discharging): pluggedIn requires AC power',
    ]);
    expect(watch.cycles()).toMatchObject([{ id: cycle.id, outcome: 'skipped' }]);
  });

  it("follows a session: the goal and why, the agent's diffstat, the push and the PR", async () => {
    const { repo, store, watch, lines } = await setUp();
    const cycle = store.startCycle({ night: NIGHT, scheduledAt: new Date(), startedAt: new Date(), catchUp: false });
    store.createSession({ id: '20261127-1200-a1b2c3', cycleId: cycle.id, night: NIGHT, goal: '#1', goalTitle: 'Add input validation to parseDuration', agent: 'demo', rationale: 'Goal #1: never attempted.', branch: 'agent/20261127-1200-a1b2c3' });
    store.moveSession('20261127-1200-a1b2c3', 'running');
    await watch.poll();

    await writeFile(join(repo.path, 'NOTES.md'), 'one\ntwo\n');
    await git(repo.path, ['add', 'NOTES.md']);
    await git(repo.path, ['commit', '-q', '-m', 'notes']);
    const commitSha = await git(repo.path, ['rev-parse', 'HEAD']);
    store.moveSession('20261127-1200-a1b2c3', 'committed', { baseSha: repo.head, commitSha, verify: 'passed', agentMs: 1234 });
    store.moveSession('20261127-1200-a1b2c3', 'pushed');
    await watch.poll();
    store.moveSession('20261127-1200-a1b2c3', 'pr-open', { prNumber: 5 });
    store.finishCycle(cycle.id, { outcome: 'pr-open', detail: 'agent/20261127-1200-a1b2c3 PR #5' });
    await watch.poll();

    expect(lines.slice(1)).toEqual([
      '  gate open -> goal #1 "Add input validation to parseDuration", agent demo\n  why: Goal #1: never attempted.',
      `  the agent's change in 1.2 s, verify passed, committed ${commitSha.slice(0, 7)}:\n    NOTES.md | 2 ++\n    1 file changed, 2 insertions(+)`,
      '  pushed agent/20261127-1200-a1b2c3',
      '  agent/20261127-1200-a1b2c3 has PR #5',
    ]);
  });

  it('shows a cycle the daemon started back to back as such, once its start is in the runner log', async () => {
    const { store, watch, lines, log } = await setUp((dataDir) => join(dataDir, 'current.log'));
    const logLine = (scheduledAt: Date, trigger: string) => `${JSON.stringify({ level: 30, event: 'cycle-start', scheduledAt: scheduledAt.toISOString(), trigger, msg: `${trigger} cycle started` })}\n`;
    const first = new Date('2026-11-27T12:00:00.000Z');
    await writeFile(log!, logLine(first, 'tick'));
    const tick = store.startCycle({ night: NIGHT, scheduledAt: first, startedAt: first, catchUp: false });
    store.finishCycle(tick.id, { outcome: 'pushed' });
    const second = new Date(Date.parse(store.getCycle(tick.id)!.finishedAt!) + 1_500);
    store.startCycle({ night: NIGHT, scheduledAt: second, startedAt: second, catchUp: false });
    await watch.poll();
    // The second cycle's line is not written yet: it waits rather than being shown as a tick.
    expect(lines).toEqual([expect.stringMatching(/^tick 1 /)]);
    await writeFile(log!, logLine(first, 'tick') + logLine(second, 'back-to-back'));
    await watch.poll();
    expect(lines.slice(1)).toEqual(['cycle 2, back to back: the last session left goals waiting, so it started 1.5 s after it ended, not at the next tick; stand-ins report AC power (100%), wifi "SandboxNet"']);
  });
});
