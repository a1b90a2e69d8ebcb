import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultNight, OWNER, REPO, type FaultRunner } from './helpers/fault-night.js';

// GitHub's passing failures on the issue listing, met by `overnight once`: a 502 is retried and
// the cycle goes on; a secondary rate limit with a short `retry-after` is waited out; one GitHub
// will not lift for an hour (a long `retry-after`, a 429) skips the cycle with the reset time.

const night = new FaultNight();
const ISSUES = `/api/v3/repos/${OWNER}/${REPO}/issues`;
const SECONDARY = {
  message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 2B6A:3C1E:1F4B1E:3F0B5D:6755C0B3.',
  documentation_url: 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
};
let runner: FaultRunner;

beforeAll(async () => {
  await night.start();
  runner = night.runner('studio');
});
afterAll(() => night.close());

/** The last cycle of the night as `overnight report --json` shows it. */
async function lastCycle() {
  return (await runner.report())?.cycles.at(-1);
}

/** The "HH:MM" (UTC, the schedule's zone) an hour from now, give or take the minute it is read in. */
function inAnHour(): string[] {
  return [0, 60_000].map((slack) => new Date(Date.now() + 3_600_000 + slack).toISOString().slice(11, 16));
}

describe('GitHub failures on the issue listing', () => {
  it('502 once: retried, the cycle goes on to its PR', async () => {
    const goal = await night.goal('Note after a 502');
    const fault = await night.client.addFault({ method: 'GET', path: ISSUES, action: { kind: 'status', status: 502 } });
    const once = await runner.once();
    expect(once.code, once.stderr).toBe(0);
    expect((await night.client.faults()).find((armed) => armed.id === fault.id)?.hits).toHaveLength(1);
    const report = await runner.report();
    expect(report?.cycles.at(-1)).toMatchObject({ outcome: 'pr-open' });
    expect(report?.sessions.at(-1)).toMatchObject({ goal: `#${goal}`, state: 'pr-open' });
    expect(runner.log().map((line) => line.msg)).toContainEqual(expect.stringMatching(/^GitHub request failed \(502\): GET .*\/issues.*, attempt 1$/));
  }, 120_000);

  it('a connection reset: retried the same way', async () => {
    const goal = await night.goal('Note after a reset');
    await night.client.addFault({ method: 'GET', path: ISSUES, action: { kind: 'reset' } });
    const once = await runner.once();
    expect(once.code, once.stderr).toBe(0);
    expect((await runner.report())?.sessions.at(-1)).toMatchObject({ goal: `#${goal}`, state: 'pr-open' });
    expect(runner.log().map((line) => line.msg)).toContainEqual(expect.stringMatching(/^GitHub request failed \(no answer\): GET .*\/issues/));
  }, 120_000);

  it('403 secondary rate limit, retry-after 1 s: waited out, the cycle goes on', async () => {
    const goal = await night.goal('Note after a short rate limit');
    await night.client.addFault({ method: 'GET', path: ISSUES, action: { kind: 'status', status: 403, headers: { 'retry-after': '1' }, body: SECONDARY } });
    const once = await runner.once();
    expect(once.code, once.stderr).toBe(0);
    expect((await runner.report())?.sessions.at(-1)).toMatchObject({ goal: `#${goal}`, state: 'pr-open' });
    expect(runner.log().map((line) => line.msg)).toContainEqual(expect.stringMatching(/^GitHub secondary rate limit reached; retrying GET .*\/issues.* in 1 s$/));
  }, 120_000);

  it('403 secondary rate limit, retry-after an hour: the cycle is skipped, its reason saying when GitHub resets', async () => {
    const fault = await night.client.addFault({ method: 'GET', path: ISSUES, times: 10, action: { kind: 'status', status: 403, headers: { 'retry-after': '3600' }, body: SECONDARY } });
    const hours = inAnHour();
    const once = await runner.once();
    const hits = (await night.client.faults()).find((armed) => armed.id === fault.id)?.hits.length;
    await night.client.clearFaults(fault.id);
    const cycle = await lastCycle();
    expect(cycle?.outcome, once.stdout).toBe('skipped');
    expect(cycle?.reasons.join('; ')).toMatch(new RegExp(`GitHub secondary rate limit reached; resets at (${hours.join('|')}) \\(UTC\\)`));
    // Asked once: GitHub said an hour, and asking again before then only prolongs the limit.
    expect(hits).toBe(1);
  }, 120_000);

  it('429 with retry-after an hour: skipped the same way, without hammering GitHub meanwhile', async () => {
    const fault = await night.client.addFault({ method: 'GET', path: ISSUES, times: 10, action: { kind: 'status', status: 429, headers: { 'retry-after': '3600' }, body: { message: 'Too Many Requests' } } });
    const hours = inAnHour();
    await runner.once();
    const hits = (await night.client.faults()).find((armed) => armed.id === fault.id)?.hits.length;
    await night.client.clearFaults(fault.id);
    const cycle = await lastCycle();
    expect(cycle?.outcome).toBe('skipped');
    expect(cycle?.reasons.join('; ')).toMatch(new RegExp(`GitHub rate limit reached; resets at (${hours.join('|')}) \\(UTC\\)`));
    expect(hits).toBe(1);
  }, 120_000);

  it('a primary rate limit (x-ratelimit-remaining 0) resetting in an hour: skipped with the reset time', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const fault = await night.client.addFault({
      method: 'GET',
      path: ISSUES,
      times: 10,
      action: { kind: 'status', status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '5000', 'x-ratelimit-reset': String(reset) }, body: { message: `API rate limit exceeded for user ID 1.` } },
    });
    await runner.once();
    const hits = (await night.client.faults()).find((armed) => armed.id === fault.id)?.hits.length;
    await night.client.clearFaults(fault.id);
    const cycle = await lastCycle();
    expect(cycle?.outcome).toBe('skipped');
    expect(cycle?.reasons.join('; ')).toContain(`GitHub rate limit reached; resets at ${new Date(reset * 1000).toISOString().slice(11, 16)} (UTC)`);
    expect(hits).toBe(1);
  }, 120_000);

  it('nothing is stuck: with GitHub answering again, the next cycle works on the goal filed meanwhile', async () => {
    const goal = await night.goal('Note after the limits');
    const once = await runner.once();
    expect(once.code, once.stderr).toBe(0);
    const report = await runner.report();
    expect(report?.cycles.at(-1)).toMatchObject({ outcome: 'pr-open' });
    // Every goal of the night worked on once, the skipped cycles having started nothing.
    expect(report?.sessions.map((session) => session.state)).toStrictEqual(['pr-open', 'pr-open', 'pr-open', 'pr-open']);
    expect(report?.sessions.at(-1)).toMatchObject({ goal: `#${goal}` });
  }, 120_000);
});
