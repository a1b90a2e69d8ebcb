import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatClaimMessage } from '../../src/runner/cycle/claims/claim-message.js';
import { FaultNight, OWNER, REPO, type FaultRunner } from './helpers/fault-night.js';

// Claims other runners left on the stand-in, aged by GitHub's clock (moved back while they are
// made, so their commits carry GitHub's date of then): one made 4 hours ago by a runner that is
// gone, one made 5 minutes ago by a runner at work. The runner under test is `overnight once`.

const night = new FaultNight();
const repo = { owner: OWNER, repo: REPO };
const HOUR = 3_600_000;
const goals = { vanished: 0, live: 0, free: 0 };
const claims = { vanished: '', live: '' };
let runner: FaultRunner;

/** A claim ref as another runner makes it, on GitHub's clock `agoMs` in the past. */
async function claimAs(owner: string, session: string, goal: number, agoMs: number): Promise<string> {
  const github = night.as(OWNER);
  await night.client.setClockOffset(-agoMs);
  try {
    const { data: main } = await github.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const { data: base } = await github.rest.git.getCommit({ ...repo, commit_sha: main.object.sha });
    const message = formatClaimMessage({ runner: owner, session, goal: `#${goal}`, claimedAt: new Date(Date.now() - agoMs).toISOString() });
    const { data: commit } = await github.rest.git.createCommit({ ...repo, message, tree: base.tree.sha, parents: [main.object.sha] });
    await github.rest.git.createRef({ ...repo, ref: claimRef(goal), sha: commit.sha });
    return commit.sha;
  } finally {
    await night.client.setClockOffset(0);
  }
}

const claimRef = (goal: number) => `refs/heads/overnight-claims/issue-${goal}`;
const sessionsOf = async (goal: number) => ((await runner.report())?.sessions ?? []).filter((session) => session.goal === `#${goal}`);

beforeAll(async () => {
  await night.start();
  goals.vanished = await night.goal('Note claimed by a runner that is gone');
  goals.live = await night.goal('Note another runner works on');
  goals.free = await night.goal('Note nobody claimed');
  claims.vanished = await claimAs('old-laptop', '20261201-2300-0a0a0a', goals.vanished, 4 * HOUR);
  claims.live = await claimAs('attic', '20261202-0100-0b0b0b', goals.live, 5 * 60_000);
  runner = night.runner('studio', { claims: { ttlMinutes: 300 } });
});
afterAll(() => night.close());

describe('claims of other runners', () => {
  it('younger than the TTL, both are left alone and the runner works on the next goal', async () => {
    const once = await runner.once();
    expect(once.code, once.stderr).toBe(0);
    expect(once.stdout).toContain(`#${goals.vanished}, #${goals.live} passed over (claimed)`);
    expect(await sessionsOf(goals.free)).toMatchObject([{ state: 'pr-open' }]);
    expect(await sessionsOf(goals.vanished)).toStrictEqual([]);
    expect(await sessionsOf(goals.live)).toStrictEqual([]);
    expect(await night.refs('refs/heads/overnight-claims/')).toStrictEqual([
      { ref: claimRef(goals.vanished), sha: claims.vanished },
      { ref: claimRef(goals.live), sha: claims.live },
    ]);
  }, 120_000);

  it('with the default TTL of 3 hours, the 4-hour-old claim is taken over and its goal worked on; the fresh one is left alone', async () => {
    runner.writeConfig();
    const once = await runner.once();
    expect(once.code, once.stderr).toBe(0);
    const [session] = await sessionsOf(goals.vanished);
    expect(session).toMatchObject({ state: 'pr-open', claim: { state: 'released', note: expect.stringMatching(/^took over the claim of runner old-laptop \(session 20261201-2300-0a0a0a\), 24\d min old$/) } });
    expect(runner.log().map((line) => line.msg)).toContainEqual(expect.stringMatching(new RegExp(`^#${goals.vanished}: took over the claim of runner old-laptop`)));
    expect(await night.refs('refs/heads/overnight-claims/')).toStrictEqual([{ ref: claimRef(goals.live), sha: claims.live }]);
  }, 120_000);

  it('nothing else to do: the cycle skips, naming who holds the last goal, and never touches its claim', async () => {
    const once = await runner.once();
    expect(once.code, once.stderr).toBe(0);
    const cycle = (await runner.report())?.cycles.at(-1);
    expect(cycle?.outcome).toBe('skipped');
    expect(cycle?.reasons.join('; ')).toMatch(new RegExp(`#${goals.live} is claimed by runner attic \\(session 20261202-0100-0b0b0b\\), [5-9] min ago \\(stale after 180 min\\)`));
    expect(await sessionsOf(goals.live)).toStrictEqual([]);
    expect(await night.refs('refs/heads/overnight-claims/')).toStrictEqual([{ ref: claimRef(goals.live), sha: claims.live }]);
  }, 120_000);
});
