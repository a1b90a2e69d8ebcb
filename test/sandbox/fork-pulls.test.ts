import { execa } from 'execa';
import type { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, REPO, cloneRemote, failure, startSandbox, userClient, webhookReceiver, type Clone, type Started } from './helpers.js';

let started: Started;
let clone: Clone;
let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
const repo = { owner: OWNER, repo: REPO };
const FORKER = 'someone';
const BRANCH = 'agent/20261128-0107-a1b2c3';

beforeAll(async () => {
  receiver = await webhookReceiver();
  started = await startSandbox({ webhookUrl: receiver.url });
  clone = await cloneRemote(started.sandbox, started.dir);
});
afterAll(async () => {
  await started.cleanup();
  await receiver.close();
});

/** A fork's branch: kept in the one bare remote as refs/forks/<owner>/heads/<branch>, as a fork shares its objects. */
async function forkBranch(owner: string, branch: string, file: string): Promise<string> {
  await clone.git('checkout', '--quiet', '-B', `${owner}-${branch}`, 'origin/main');
  const sha = await clone.commitFile(file, `${owner}\n`, `Work of ${owner}`);
  await execa('git', ['--git-dir', started.sandbox.remotePath, 'fetch', '--quiet', clone.path, `${sha}:refs/forks/${owner}/heads/${branch}`]);
  return sha;
}

describe('pull requests from a fork', () => {
  let forker: Octokit;
  let number: number;

  it('opens one from `owner:branch`: its head is the fork (another repository, fork: true), its base the repository', async () => {
    const sha = await forkBranch(FORKER, BRANCH, 'fork.txt');
    forker = userClient(started.sandbox, FORKER);
    const { data: pull } = await forker.rest.pulls.create({ ...repo, head: `${FORKER}:${BRANCH}`, base: 'main', title: 'Looks like an agent PR', body: 'Closes #1' });
    number = pull.number;
    expect(pull.head).toMatchObject({ label: `${FORKER}:${BRANCH}`, ref: BRANCH, sha, user: { login: FORKER }, repo: { full_name: `${FORKER}/${REPO}`, fork: true, owner: { login: FORKER } } });
    expect(pull.base.repo).toMatchObject({ full_name: `${OWNER}/${REPO}`, fork: false });
    expect(pull.head.repo?.id).not.toBe(pull.base.repo.id);
    expect(pull).toMatchObject({ commits: 1, changed_files: 1 });

    await started.sandbox.settled();
    const opened = receiver.received.find((delivery) => delivery.headers['x-github-event'] === 'pull_request' && delivery.payload.action === 'opened');
    expect(opened?.payload).toMatchObject({ pull_request: { head: { label: `${FORKER}:${BRANCH}`, repo: { full_name: `${FORKER}/${REPO}`, fork: true } } } });
  });

  it('is found by `head` only with the fork owner; the repository branch of the same name is another head', async () => {
    const { data: byFork } = await forker.rest.pulls.list({ ...repo, head: `${FORKER}:${BRANCH}` });
    expect(byFork.map((pull) => pull.number)).toStrictEqual([number]);
    const { data: byOwner } = await forker.rest.pulls.list({ ...repo, head: `${OWNER}:${BRANCH}` });
    expect(byOwner).toStrictEqual([]);
  });

  it('is not moved by a push to the repository branch of the same name, which can have its own PR', async () => {
    const before = (await forker.rest.pulls.get({ ...repo, pull_number: number })).data.head.sha;
    await clone.git('checkout', '--quiet', '-B', 'own', 'origin/main');
    await clone.commitFile('own.txt', 'own\n', 'The repository own branch');
    await clone.git('push', '--quiet', 'origin', `HEAD:refs/heads/${BRANCH}`);
    await started.sandbox.settled();
    expect((await forker.rest.pulls.get({ ...repo, pull_number: number })).data.head.sha).toBe(before);
    const owner = userClient(started.sandbox, OWNER);
    const { data: own } = await owner.rest.pulls.create({ ...repo, head: BRANCH, base: 'main', title: 'The real one' });
    expect(own.head).toMatchObject({ label: `${OWNER}:${BRANCH}`, repo: { full_name: `${OWNER}/${REPO}`, fork: false } });
  });

  it("refuses a head the fork does not have (422), as GitHub does", async () => {
    const missing = await failure(forker.rest.pulls.create({ ...repo, head: `${FORKER}:no-such-branch`, base: 'main', title: 'x' }));
    expect(missing).toMatchObject({ status: 422, data: { errors: [{ field: 'head', code: 'invalid' }] } });
  });
});
