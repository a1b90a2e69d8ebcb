import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { NightReport } from '../../src/runner/report/night-report.js';
import { readStatusFile, type RunningCycle } from '../../src/runner/daemon/status-file.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { compiledCli, ROOT } from './helpers/compiled-cli.js';
import { pullsForGoal } from './helpers/github-reads.js';
import { nightConfig } from './helpers/night-config.js';
import { leftovers, processTable, ProcessTracker, type Started } from './helpers/processes.js';
import { tail, waitUntil } from './helpers/wait-until.js';

// A night with back-to-back sessions and two slots: the stand-in GitHub in this process, the
// runner as `overnight run` from the compiled CLI, real HTTP on 127.0.0.1 (so no nock here).

const OWNER = 'alice';
const GOALS = 5;
// Ticks far apart next to the agents' work: every session after the first two comes from a
// session ending (back-to-back) or a decision seeing goals wait (a free slot), not from a tick.
const EVERY = '30s';
const AGENT_SECONDS = 5;
const NIGHT_MS = 150_000;

const tracker = new ProcessTracker();
const dir = mkdtempSync(join(tmpdir(), 'overnight-e2e-parallel-'));
let sandbox: Sandbox | undefined;

afterAll(async () => {
  await tracker.stopAll();
  await sandbox?.stop();
});

function baseEnv(): NodeJS.ProcessEnv {
  const { GITHUB_TOKEN: _a, GH_TOKEN: _b, OVERNIGHT_HOME: _c, ...rest } = process.env;
  return rest;
}

const snapshotClaims = (snapshot: Awaited<ReturnType<Sandbox['snapshot']>>) => snapshot.refs.filter((ref) => ref.ref.startsWith('refs/heads/overnight-claims/'));

/** The largest number of sessions at work at the same moment. */
function mostAtOnce(sessions: NightReport['sessions']): number {
  const edges = sessions.flatMap((session) => [
    { at: Date.parse(session.startedAt!), step: 1 },
    { at: Date.parse(session.finishedAt!), step: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.step - b.step);
  let now = 0;
  let most = 0;
  for (const edge of edges) most = Math.max(most, (now += edge.step));
  return most;
}

describe('a night with back-to-back sessions and budget.maxConcurrent 2', () => {
  it('works every goal once, two at a time, each session following the last without waiting for a tick; SIGTERM stops both slots', async () => {
    const bin = compiledCli();
    sandbox = createSandbox({ dir: join(dir, 'sandbox'), owner: OWNER, repo: 'parallel', appId: 4242, webhookSecret: randomBytes(16).toString('hex') });
    const info = await sandbox.start();
    sandbox.setPermission(OWNER, 'write');
    const goals: number[] = [];
    for (let n = 1; n <= GOALS; n += 1) goals.push((await sandbox.createIssue(OWNER, { title: `Write night note ${n}`, labels: ['overnight'] })).number);

    const repoPath = join(dir, 'parallel');
    execFileSync('git', ['clone', '--quiet', info.remoteUrl, repoPath]);
    const agentScript = join(dir, 'agent', 'slow-note.mjs');
    mkdirSync(join(dir, 'agent'));
    copyFileSync(join(ROOT, 'test', 'fixtures', 'e2e', 'slow-note.mjs'), agentScript);
    chmodSync(agentScript, 0o755);
    const night = nightConfig({ now: new Date(), repoPath, github: `${OWNER}/parallel`, apiUrl: info.apiUrl, agentScript, agentSeconds: AGENT_SECONDS, every: EVERY, jitterMs: 0, windowMinutes: 6 });
    const config = {
      ...night,
      schedule: { ...night.schedule, backToBack: true, cooldown: '1s' },
      budget: { perSessionMinutes: 2, maxConcurrent: 2 },
      // No bot in this night: the runner opens each PR itself, right after its push.
      pr: { openedBy: 'runner' as const },
    };
    const configFile = join(dir, 'runner-config.json');
    writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
    const home = join(dir, 'runner-home');
    const env = {
      ...baseEnv(),
      PATH: [info.standinsDir, join(ROOT, 'test', 'fixtures', 'keepalive'), process.env.PATH ?? ''].join(delimiter),
      OVERNIGHT_PLATFORM: 'darwin',
      OVERNIGHT_HOME: home,
      OVERNIGHT_TICK_FLOOR: '1s',
      GITHUB_TOKEN: sandbox.userToken(OWNER),
      KEEPALIVE_LOG: join(dir, 'keepalive.log'),
    };
    const runnerLog = () => (existsSync(join(home, 'logs', 'current.log')) ? readFileSync(join(home, 'logs', 'current.log'), 'utf8') : '');
    const runner: Started = tracker.start('the runner', process.execPath, [bin, 'run', '--config', configFile], { env, cwd: dir, logFile: join(dir, 'runner.out') });
    const explain = () => `runner log:\n${tail(runnerLog(), 25)}\nrunner output:\n${tail(runner.output(), 10)}`;

    // While it works, its status shows both slots busy, each with its own goal.
    const statusFile = join(home, 'data', 'daemon-status.json');
    const busy = await waitUntil(
      'two cycles at work at once in the daemon status',
      () => {
        const running = existsSync(statusFile) ? readStatusFile(statusFile)?.running : undefined;
        return running && running.filter((cycle) => cycle.session !== undefined).length === 2 ? running : undefined;
      },
      { timeoutMs: NIGHT_MS, intervalMs: 100, running: [runner], explain },
    );
    expect(new Set(busy.map((cycle: RunningCycle) => cycle.goal)).size).toBe(2);

    const report = async (): Promise<NightReport | null> =>
      JSON.parse((await promisify(execFile)(process.execPath, [bin, 'report', '--config', configFile, '--json'], { env })).stdout) as NightReport | null;
    const done = await waitUntil(
      'a PR for every goal',
      async () => {
        const current = await report();
        return current && current.sessions.length >= GOALS && current.sessions.every((session) => session.state === 'pr-open') ? current : undefined;
      },
      { timeoutMs: NIGHT_MS, intervalMs: 1_000, running: [runner], explain },
    );

    // Two more goals; SIGTERM while both slots have an agent at work.
    const late = [await sandbox.createIssue(OWNER, { title: 'Write night note 6', labels: ['overnight'] }), await sandbox.createIssue(OWNER, { title: 'Write night note 7', labels: ['overnight'] })];
    const agents = await waitUntil(
      'two agents at work at once',
      () => {
        // The agents themselves, not the bubblewrap processes around them (whose command lines name the script too).
        const rows = processTable().filter((row) => row.args.includes(agentScript) && !/^\S*bwrap\s/.test(row.args));
        return rows.length === 2 ? rows : undefined;
      },
      { timeoutMs: NIGHT_MS, intervalMs: 100, running: [runner], explain },
    );
    expect(await runner.stop()).toEqual({ code: 0, signal: null });
    // The runner waited for both agents' whole groups before it exited.
    expect(processTable().filter((row) => agents.some((agent) => agent.pgid === row.pgid))).toEqual([]);
    const stopped = (await report())!.sessions.filter((session) => late.some((issue) => session.goal === `#${issue.number}`));
    expect(stopped.map((session) => session.state)).toEqual(['abandoned', 'abandoned']);
    expect(readStatusFile(statusFile)).toMatchObject({ state: 'stopped', running: [] });

    // Every goal of the night once: one session, one PR.
    expect(done.sessions.map((session) => session.goal).sort()).toEqual(goals.map((number) => `#${number}`).sort());
    expect(snapshotClaims(await sandbox.snapshot())).toEqual([]);
    const snapshot = await sandbox.snapshot();
    for (const goal of goals) expect(pullsForGoal(snapshot, goal)).toHaveLength(1);
    for (const issue of late) expect(pullsForGoal(snapshot, issue.number)).toEqual([]);
    expect(snapshot.pulls).toHaveLength(GOALS);

    // Two at a time, never more.
    for (const session of done.sessions) expect(Date.parse(session.finishedAt!)).toBeGreaterThan(Date.parse(session.startedAt!));
    expect(mostAtOnce(done.sessions)).toBe(2);

    // What started each cycle, as the daemon logged it: after the tick, slots were filled and
    // sessions followed each other; no tick-started cycle was needed for most of the goals.
    const starts = runnerLog()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { event?: string; trigger?: string })
      .filter((entry) => entry.event === 'cycle-start')
      .map((entry) => entry.trigger);
    expect(starts).toContain('free-slot');
    expect(starts.filter((trigger) => trigger === 'back-to-back').length).toBeGreaterThanOrEqual(2);
    // Nothing of the night is left running.
    await waitUntil('every process the night started to be gone', () => leftovers({ groups: tracker.groups(), marker: dir }).length === 0, {
      timeoutMs: 15_000,
      explain: () => leftovers({ groups: tracker.groups(), marker: dir }).join('\n'),
    });
  }, NIGHT_MS + 120_000);
});
