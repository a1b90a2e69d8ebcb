import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGithub } from '../../src/runner/github/index.js';
import { cloneRemote, OWNER, REPO, startSandbox, userClient, type Clone, type Started } from './helpers.js';

let started: Started;
let clone: Clone;
let clock = new Date('2026-11-27T01:00:00Z');
const repo = { owner: OWNER, repo: REPO };
const BRANCH = 'agent/20261127-0100-abcdef';

beforeAll(async () => {
  started = await startSandbox({ now: () => clock });
  clone = await cloneRemote(started.sandbox, started.dir);
});
afterAll(() => started.cleanup());

describe('sandbox REST: repository activity', () => {
  it('records branch creations, pushes and force pushes with its own time, newest first, by ref and type', async () => {
    await clone.git('checkout', '--quiet', '-B', 'work', 'origin/main');
    const first = await clone.commitFile('NOTES.md', 'v1\n', 'Add notes');
    await clone.git('push', '--quiet', 'origin', `HEAD:refs/heads/${BRANCH}`);
    clock = new Date('2026-11-27T02:00:00Z');
    const second = await clone.commitFile('NOTES.md', 'v2\n', 'More notes');
    await clone.git('push', '--quiet', 'origin', `HEAD:refs/heads/${BRANCH}`);
    clock = new Date('2026-11-27T03:00:00Z');
    await clone.git('reset', '--quiet', '--hard', 'origin/main');
    const revised = await clone.commitFile('NOTES.md', 'v3\n', 'Add notes, revised');
    await clone.git('push', '--quiet', '--force', 'origin', `HEAD:refs/heads/${BRANCH}`);

    const octokit = userClient(started.sandbox);
    const { data } = await octokit.rest.repos.listActivities({ ...repo, ref: BRANCH });
    expect(data.map((activity) => [activity.activity_type, activity.timestamp, activity.after, activity.actor?.login])).toStrictEqual([
      ['force_push', '2026-11-27T03:00:00Z', revised, OWNER],
      ['push', '2026-11-27T02:00:00Z', second, OWNER],
      ['branch_creation', '2026-11-27T01:00:00Z', first, OWNER],
    ]);
    const { data: forced } = await octokit.rest.repos.listActivities({ ...repo, ref: `refs/heads/${BRANCH}`, activity_type: 'force_push', direction: 'asc' });
    expect(forced.map((activity) => activity.after)).toStrictEqual([revised]);
    const { data: main } = await octokit.rest.repos.listActivities({ ...repo, ref: 'main' });
    expect(main).toStrictEqual([]);
  });

  it("answers the runner's question: when did GitHub last see a push to this PR branch", async () => {
    const github = createGithub({ apiUrl: started.sandbox.apiUrl, token: started.sandbox.userToken(OWNER), repo: `${OWNER}/${REPO}` });
    expect(await github.branchPushedAt(BRANCH, 1)).toBe('2026-11-27T03:00:00Z');
  });
});
