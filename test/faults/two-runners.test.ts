import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullsForGoal } from '../e2e/helpers/github-reads.js';
import { waitUntil } from '../e2e/helpers/wait-until.js';
import { FaultNight, type FaultRunner } from './helpers/fault-night.js';

// Two machines on one repository: two `overnight run` daemons with their own state dirs, started
// together, two goals. The agents hold until both runners work, so each meets the other's claim.

const night = new FaultNight();
const goals: number[] = [];
let studio: FaultRunner;
let attic: FaultRunner;

beforeAll(async () => {
  await night.start();
  goals.push(await night.goal('First note for two runners'), await night.goal('Second note for two runners'));
  studio = night.runner('studio');
  attic = night.runner('attic');
});
afterAll(() => night.close());

describe('two runners, one repository, two goals', () => {
  it('each goal is worked on once, never twice', async () => {
    night.lever('hold-agent');
    const daemons = [studio.start(), attic.start()];
    const explain = async () => `${await studio.explain()}\n${await attic.explain()}`;
    const wait = <T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false) =>
      waitUntil(what, check, { timeoutMs: 90_000, intervalMs: 1_000, running: daemons, explain });

    await wait('both runners to work on a goal', () => night.levers('agent-holding.').length === 2);
    const working = [...(await studio.report())!.sessions, ...(await attic.report())!.sessions];
    expect(working.map((session) => session.goal).sort()).toStrictEqual(goals.map((goal) => `#${goal}`));
    expect(working.map((session) => session.state)).toStrictEqual(['running', 'running']);
    rmSync(join(night.control, 'hold-agent'));

    await wait('a PR for each goal', async () => {
      const snapshot = await night.sandbox.snapshot();
      return goals.every((goal) => pullsForGoal(snapshot, goal).length === 1);
    });
    // A few more cycles each, with nothing left to do.
    const cyclesNow = await Promise.all([studio, attic].map(async (runner) => (await runner.report())!.cycles.length));
    await wait('two more cycles of each runner', async () => {
      const counts = await Promise.all([studio, attic].map(async (runner) => (await runner.report())!.cycles.length));
      return counts.every((count, index) => count >= cyclesNow[index]! + 2);
    });
    for (const daemon of daemons) expect(await daemon.stop()).toMatchObject({ code: 0 });

    const reports = await Promise.all([studio.report(), attic.report()]);
    const sessions = reports.flatMap((report) => report!.sessions);
    expect(sessions.map((session) => session.goal).sort()).toStrictEqual(goals.map((goal) => `#${goal}`));
    expect(sessions.map((session) => session.state)).toStrictEqual(['pr-open', 'pr-open']);
    // They met: a runner found a goal claimed by the other one (and fell through to the next).
    const reasons = reports.flatMap((report) => report!.cycles.flatMap((cycle) => [...cycle.reasons, cycle.detail ?? '']));
    expect(reasons, reasons.join('\n')).toContainEqual(expect.stringMatching(/claimed by runner (studio|attic)/));
    const snapshot = await night.sandbox.snapshot();
    for (const goal of goals) expect(pullsForGoal(snapshot, goal), `#${goal}`).toHaveLength(1);
    expect(await night.refs('refs/heads/overnight-claims/')).toStrictEqual([]);
    expect(night.leftovers()).toStrictEqual([]);
  }, 150_000);
});
