import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionLine } from '../../src/runner/report/night-report.js';
import { pullsForGoal } from '../e2e/helpers/github-reads.js';
import type { Started } from '../e2e/helpers/processes.js';
import { waitUntil } from '../e2e/helpers/wait-until.js';
import { FaultNight, type FaultRunner } from './helpers/fault-night.js';

// `overnight run` killed with SIGKILL (no chance to clean up: an OOM kill, `kill -9`) three times
// in one night: while its agent works, while its verify command runs, and while its push waits
// on the remote. Only the runner's own pid is killed, so what it started lives on, as it would.
// Each restart must leave nothing orphaned, and every committed session is pushed exactly once.
// The agents run uncontained (sandbox.mode "off"): under bubblewrap they would die with the runner
// (--die-with-parent), but Seatbelt has no such tie, and there the restart is what must stop them.

const night = new FaultNight();
const goals = { agent: 0, verify: 0, push: 0 };
let runner: FaultRunner;
let daemon: Started;

beforeAll(async () => {
  await night.start();
  night.installPushHook();
  goals.agent = await night.goal('Note of the session killed in its agent');
  goals.verify = await night.goal('Note of the session killed in its verify');
  goals.push = await night.goal('Note of the session killed in its push');
  runner = night.runner('studio', { sandbox: { mode: 'off' } });
});
afterAll(() => night.close());

/** The night's processes whose command line contains all of `parts`. */
const running = (...parts: string[]) => night.leftovers().filter((row) => parts.every((part) => row.includes(part)));

async function killRunner(): Promise<void> {
  process.kill(daemon.pid, 'SIGKILL');
  expect(await daemon.exited).toMatchObject({ signal: 'SIGKILL' });
}

async function sessionsOf(goal: number): Promise<SessionLine[]> {
  return ((await runner.report())?.sessions ?? []).filter((session) => session.goal === `#${goal}`);
}

const wait = <T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false) =>
  waitUntil(what, check, { timeoutMs: 60_000, intervalMs: 1_000, running: [daemon], explain: runner.explain });

describe('the runner killed with SIGKILL', () => {
  let killedInAgent: SessionLine | undefined;
  let killedInVerify: SessionLine | undefined;
  let killedInPush: SessionLine | undefined;

  it('during its agent: the agent lives on until the restarted runner stops it; the session is abandoned', async () => {
    night.lever('hang-agent');
    daemon = runner.start();
    const hanging = await wait('the agent to hang', () => night.levers('agent-hanging.').at(0));
    const session = hanging!.slice('agent-hanging.'.length);
    await killRunner();
    expect(running('fault-agent.mjs', session)).not.toStrictEqual([]);

    night.lever('hang-verify');
    daemon = runner.start();
    [killedInAgent] = await wait(`session ${session} abandoned`, async () => {
      // Recovery stops the agent, marks the session, then releases its claim.
      const found = await sessionsOf(goals.agent);
      return found[0]?.state === 'abandoned' && found[0].claim?.state === 'released' && found;
    });
    expect(killedInAgent).toMatchObject({ id: session, pushed: false, claim: { state: 'released' } });
    expect(running('fault-agent.mjs', session)).toStrictEqual([]);
  }, 120_000);

  it('during its verify: the verify command is stopped at the restart, the session abandoned', async () => {
    await wait('the verify command to hang', () => night.levers('verify-hanging.').length > 0);
    [killedInVerify] = await sessionsOf(goals.verify);
    expect(killedInVerify).toMatchObject({ state: 'running' });
    await killRunner();
    const orphans = running('fault-verify.mjs');
    expect(orphans).not.toStrictEqual([]);

    night.lever('hold-push');
    daemon = runner.start();
    [killedInVerify] = await wait(`session ${killedInVerify!.id} abandoned`, async () => {
      const found = await sessionsOf(goals.verify);
      return found[0]?.state === 'abandoned' && found[0].claim?.state === 'released' && found;
    });
    expect(killedInVerify).toMatchObject({ pushed: false, claim: { state: 'released' } });
    // The verify the killed runner left is gone; a cycle of the restarted runner may be verifying anew.
    expect(running('fault-verify.mjs').filter((row) => orphans.includes(row))).toStrictEqual([]);
  }, 120_000);

  it('during its push: the restarted runner pushes the committed session once, and the push left waiting changes nothing', async () => {
    const held = await wait('the push to wait on the remote', () => night.levers('push-held.').at(0));
    [killedInPush] = await sessionsOf(goals.push);
    expect(killedInPush).toMatchObject({ state: 'committed', pushed: false });
    await killRunner();
    expect(running('fault-pre-receive.mjs')).not.toStrictEqual([]);

    daemon = runner.start();
    await wait(`session ${killedInPush!.id} pushed with its PR`, async () => (await sessionsOf(goals.push))[0]?.state === 'pr-open');
    // The push the killed runner left waiting now goes on, and finds its branch already there.
    rmSync(join(night.control, held!));
    await wait('the waiting push to end', () => running('fault-pre-receive.mjs').length === 0);
    expect(await night.pushesOf(`refs/heads/${killedInPush!.branch}`)).toHaveLength(1);
  }, 120_000);

  it('afterwards: every goal has one PR, every pushed branch one push, no claim and no process left', async () => {
    await wait('PRs for the goals of the abandoned sessions', async () => {
      const states = await Promise.all([goals.agent, goals.verify].map(async (goal) => (await sessionsOf(goal)).map((session) => session.state)));
      return states.every((seen) => seen.join() === 'abandoned,pr-open');
    });
    expect(await daemon.stop()).toMatchObject({ code: 0 });

    const snapshot = await night.sandbox.snapshot();
    for (const goal of Object.values(goals)) expect(pullsForGoal(snapshot, goal), `#${goal}`).toHaveLength(1);
    const sessions = (await runner.report())?.sessions ?? [];
    expect(sessions.filter((session) => session.state === 'pr-open')).toHaveLength(3);
    for (const session of sessions.filter((found) => found.pushed)) expect(await night.pushesOf(`refs/heads/${session.branch}`), session.id).toHaveLength(1);
    for (const session of [killedInAgent, killedInVerify]) expect(await night.refs(`refs/heads/${session!.branch}`)).toStrictEqual([]);
    expect(await night.refs('refs/heads/overnight-claims/')).toStrictEqual([]);
    expect(night.leftovers()).toStrictEqual([]);
  }, 120_000);
});
