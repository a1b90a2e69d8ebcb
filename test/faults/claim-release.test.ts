import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../e2e/helpers/wait-until.js';
import { FaultNight, OWNER, REPO } from './helpers/fault-night.js';

// A claim release that fails (GitHub answers 502 to the ref's DELETE more often than the client
// retries) must not block the goal: the next cycle releases it, and the goal is worked on again
// that same night. One `overnight run` ticking every 2 s.

const night = new FaultNight();
const CLAIM = 'overnight-claims/issue-1';
let goal: number;

beforeAll(async () => {
  await night.start();
  goal = await night.goal('Write the night note');
  expect(goal).toBe(1);
});
afterAll(() => night.close());

describe('a claim release that fails', () => {
  it('is retried by the next cycle, and the goal is worked on again that night', async () => {
    const runner = night.runner('studio');
    // The first session fails (the agent meets the lever); its claim's DELETE then meets 502s:
    // one attempt and the client's three retries.
    night.lever('fail-agent');
    const fault = await night.client.addFault({ method: 'DELETE', path: `/api/v3/repos/${OWNER}/${REPO}/git/refs/heads/${CLAIM}`, times: 4, action: { kind: 'status', status: 502 } });
    const daemon = runner.start();

    const report = await waitUntil(
      `a second session on #${goal} with its PR`,
      async () => {
        const seen = await runner.report();
        return seen && seen.sessions.length >= 2 && seen.sessions[1]?.state === 'pr-open' ? seen : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1_000, running: [daemon], explain: runner.explain },
    );
    const [failed, second] = report.sessions;
    expect(failed).toMatchObject({ goal: `#${goal}`, state: 'failed' });
    // Released by a later settle, the failure of the first try kept.
    expect(failed?.claim).toMatchObject({ ref: `refs/heads/${CLAIM}`, state: 'released', releaseAttempts: 2 });
    expect(failed?.claim?.lastError).toMatch(/Bad Gateway/);
    expect(second).toMatchObject({ goal: `#${goal}`, state: 'pr-open', claim: { state: 'released', releaseAttempts: 1 } });
    // The goal was never passed over as claimed, by this runner or any other.
    expect(report.cycles.flatMap((cycle) => cycle.reasons).filter((reason) => /claimed/.test(reason))).toStrictEqual([]);

    const [met] = (await night.client.faults()).filter((armed) => armed.id === fault.id);
    expect(met?.hits).toHaveLength(4);
    expect(await night.refs('refs/heads/overnight-claims/')).toStrictEqual([]);
    expect(runner.log().map((line) => line.msg)).toContain(`could not release the claim on #${goal}; the next cycle retries`);

    expect(await daemon.stop()).toMatchObject({ code: 0 });
    expect(night.leftovers()).toStrictEqual([]);
  }, 180_000);
});
