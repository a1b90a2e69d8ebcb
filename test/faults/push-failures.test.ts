import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/platform/free-port.js';
import { pullsForGoal } from '../e2e/helpers/github-reads.js';
import { FaultNight, OWNER, REPO, type FaultRunner } from './helpers/fault-night.js';

// Pushes that fail, met by `overnight once`: one GitHub refuses for good (a file over its 100 MB
// limit, its real GH001 lines from the remote's pre-receive hook) ends the session at once and
// visibly; a remote that cannot be reached for two cycles is retried, and the work pushed once
// when it is back.

const night = new FaultNight();
let runner: FaultRunner;

beforeAll(async () => {
  await night.start();
  night.installPushHook();
  runner = night.runner('studio');
});
afterAll(() => night.close());

const git = async (...args: string[]) => (await promisify(execFile)('git', ['-C', night.clonePath, ...args])).stdout.trim();

async function sessionsOf(goal: number) {
  return ((await runner.report())?.sessions ?? []).filter((session) => session.goal === `#${goal}`);
}

describe('a push GitHub refuses for good', () => {
  it('fails the session at once: claim released, work kept as a patch, the goal told how to bring it back', async () => {
    const goal = await night.goal('Add the data file');
    night.lever('refuse-push');
    const once = await runner.once();
    rmSync(join(night.control, 'refuse-push'));
    expect(once.code).toBe(1);
    expect(once.stderr).toContain("session failed: push refused by GitHub, not retried: GH001: a file is over GitHub's 100 MB file size limit");

    const [session] = await sessionsOf(goal);
    expect(session).toMatchObject({ state: 'failed', pushed: false, pushAttempts: 1, claim: { state: 'released' } });
    expect(session?.error).toMatch(/GH001: a file is over GitHub's 100 MB file size limit \(File \.import_to_pkg_maps_indexed_files is 100\.07 MB/);
    // Refused once and never tried again.
    expect(night.levers('push-refused.')).toHaveLength(1);
    expect(await night.refs('refs/heads/agent/')).toStrictEqual([]);
    expect(await night.refs('refs/heads/overnight-claims/')).toStrictEqual([]);

    // The work is a patch that applies to the clone's main.
    const patch = join(runner.stateDir, 'sessions', `${session!.id}.patch`);
    expect(readFileSync(patch, 'utf8')).toContain(`notes/${session!.id}.md`);
    await git('apply', '--check', patch);

    const comments = (await night.sandbox.snapshot()).comments.filter((comment) => comment.issue_url.endsWith(`/repos/${OWNER}/${REPO}/issues/${goal}`));
    const told = comments.find((comment) => comment.body?.includes(`could not push the work of session \`${session!.id}\``));
    expect(told?.body).toContain('GH001');
    expect(told?.body).toContain(`git apply --index ${patch}`);
  }, 120_000);

  it('nothing is stuck: the next cycle works on the goal again and its PR opens', async () => {
    const [failed] = (await runner.report())?.sessions ?? [];
    const once = await runner.once();
    expect(once.code, once.stderr).toBe(0);
    const sessions = await sessionsOf(Number(failed!.goal.slice(1)));
    expect(sessions.map((session) => session.state)).toStrictEqual(['failed', 'pr-open']);
    expect(night.levers('push-refused.')).toHaveLength(1);
  }, 120_000);
});

describe('a remote that cannot be reached for two cycles', () => {
  it('keeps the committed session and its claim, then pushes it once, with one PR', async () => {
    const goal = await night.goal('Note while the remote is away');
    // Nothing listens on that port: git says "Failed to connect", as it does when GitHub is unreachable.
    await git('remote', 'set-url', '--push', 'origin', `https://127.0.0.1:${await freePort()}/${OWNER}/${REPO}.git`);
    // With publish.retryBackoffMinutes 0 every chance is taken: the first cycle's own push, then
    // in the second `once` its start-up recovery and its cycle's settle.
    for (const [cycle, attempts] of [[1, 1], [2, 3]] as const) {
      const once = await runner.once();
      if (cycle === 1) expect(once.stderr).toMatch(/committed but not pushed: push failed \(attempt 1 of 5, .*\): fatal: unable to access .*Failed to connect.*; the next cycle pushes it/);
      else expect(once.stdout).toContain(`#${goal} waits for its PR`);
      const [session] = await sessionsOf(goal);
      expect(session, `cycle ${cycle}`).toMatchObject({ state: 'committed', pushed: false, pushAttempts: attempts, claim: { state: 'held' } });
      expect(await night.refs(`refs/heads/${session!.branch}`)).toStrictEqual([]);
    }
    await git('config', '--unset', 'remote.origin.pushurl');

    const once = await runner.once();
    expect(once.code, once.stderr).toBe(0);
    const sessions = await sessionsOf(goal);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ state: 'pr-open', pushed: true, pushAttempts: 3, claim: { state: 'released' } });
    expect(await night.pushesOf(`refs/heads/${sessions[0]!.branch}`)).toHaveLength(1);
    expect(pullsForGoal(await night.sandbox.snapshot(), goal)).toHaveLength(1);
    expect(await night.refs('refs/heads/overnight-claims/')).toStrictEqual([]);
    expect(existsSync(join(runner.stateDir, 'sessions', `${sessions[0]!.id}.patch`))).toBe(false);
  }, 180_000);
});
