import type { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botClient, cloneRemote, OWNER, REPO, startSandbox, userClient, type Clone, failure, type Started } from './helpers.js';

let started: Started;
let octokit: Octokit;
let clone: Clone;
const repo = { owner: OWNER, repo: REPO };

const TRAILERED = 'Speed up the parser\n\nMemoised the tokenizer.\n\nOvernight-Session: 20261128-0107-a1b2c3\nOvernight-Goal: #1';

beforeAll(async () => {
  started = await startSandbox({
    initialFiles: { 'README.md': '# widgets\n', '.github/overnight.yml': 'commandPermission: maintain\n', 'src/index.js': 'export const answer = 42;\n' },
  });
  octokit = userClient(started.sandbox, OWNER);
  clone = await cloneRemote(started.sandbox, started.dir);
});
afterAll(() => started.cleanup());

async function pushBranch(branch: string, file: string, message: string): Promise<string> {
  await clone.git('checkout', '--quiet', '-B', branch, 'origin/main');
  const sha = await clone.commitFile(file, `${branch}\n`, message);
  await clone.git('push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`);
  return sha;
}

describe('sandbox REST: git data, contents and pull requests', () => {
  it('serves .github/overnight.yml as base64 and raw (probot config), 404 when absent', async () => {
    const { data } = await octokit.rest.repos.getContent({ ...repo, path: '.github/overnight.yml' });
    if (Array.isArray(data) || data.type !== 'file') throw new Error('expected a file');
    expect(Buffer.from(data.content, 'base64').toString('utf8')).toBe('commandPermission: maintain\n');
    const bot = await botClient(started.sandbox);
    const { config } = await bot.config.get({ ...repo, path: '.github/overnight.yml' });
    expect(config).toStrictEqual({ commandPermission: 'maintain' });
    expect((await failure(octokit.rest.repos.getContent({ ...repo, path: '.github/absent.yml' }))).status).toBe(404);
    const { data: dir } = await octokit.rest.repos.getContent({ ...repo, path: '.github' });
    expect(Array.isArray(dir) && dir.map((entry) => entry.name)).toStrictEqual(['overnight.yml']);
  });

  it('reads a pushed commit with its full message and files, and lists branches', async () => {
    const sha = await pushBranch('agent/20261128-0107-a1b2c3', 'src/parser.js', TRAILERED);
    const { data } = await octokit.rest.repos.getCommit({ ...repo, ref: 'agent/20261128-0107-a1b2c3' });
    expect(data.sha).toBe(sha);
    expect(data.commit.message).toBe(TRAILERED);
    expect(data.files?.map((file) => [file.filename, file.status, file.additions])).toStrictEqual([['src/parser.js', 'added', 1]]);
    const branches = await octokit.paginate(octokit.rest.repos.listBranches, repo);
    expect(branches.map((branch) => branch.name).sort()).toStrictEqual(['agent/20261128-0107-a1b2c3', 'main']);
  });

  it('lists agent refs by prefix and claims a goal by creating a ref without force', async () => {
    const { data: agents } = await octokit.request('GET /repos/{owner}/{repo}/git/matching-refs/{ref}', { ...repo, ref: 'heads/agent/' });
    expect(agents.map((ref) => ref.ref)).toStrictEqual(['refs/heads/agent/20261128-0107-a1b2c3']);

    const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const { data: base } = await octokit.rest.git.getCommit({ ...repo, commit_sha: main.object.sha });
    const { data: claim } = await octokit.rest.git.createCommit({ ...repo, message: 'claim by runner-a', tree: base.tree.sha, parents: [base.sha] });
    const created = await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/overnight-claims/issue-1', sha: claim.sha });
    expect(created.status).toBe(201);
    const lost = await failure(octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/overnight-claims/issue-1', sha: base.sha }));
    expect(lost).toMatchObject({ status: 422, data: { message: 'Reference already exists' } });
    const { data: claimed } = await octokit.rest.git.getRef({ ...repo, ref: 'heads/overnight-claims/issue-1' });
    expect(claimed.object.sha).toBe(claim.sha);

    expect((await octokit.rest.git.deleteRef({ ...repo, ref: 'heads/overnight-claims/issue-1' })).status).toBe(204);
    expect((await failure(octokit.rest.git.getRef({ ...repo, ref: 'heads/overnight-claims/issue-1' }))).status).toBe(404);
    expect((await failure(octokit.rest.git.deleteRef({ ...repo, ref: 'heads/overnight-claims/issue-1' }))).status).toBe(422);
  });

  it('opens a pull request (numbered with issues), finds it by head, 422 for a second on the same head', async () => {
    const goal = await octokit.rest.issues.create({ ...repo, title: 'Speed up the parser', labels: ['overnight'] });
    const bot = await botClient(started.sandbox);
    const { data: pull, status } = await bot.rest.pulls.create({ ...repo, head: 'agent/20261128-0107-a1b2c3', base: 'main', title: 'Speed up the parser', body: `Closes #${goal.data.number}` });
    expect(status).toBe(201);
    expect(pull.number).toBe(goal.data.number + 1);
    expect(pull).toMatchObject({ state: 'open', merged: false, commits: 1, additions: 1, changed_files: 1, mergeable: true, user: { login: 'overnight[bot]' } });
    expect(pull.head).toMatchObject({ ref: 'agent/20261128-0107-a1b2c3', label: `${OWNER}:agent/20261128-0107-a1b2c3` });

    const { data: byHead } = await octokit.rest.pulls.list({ ...repo, head: `${OWNER}:agent/20261128-0107-a1b2c3`, state: 'all' });
    expect(byHead.map((entry) => entry.number)).toStrictEqual([pull.number]);
    // The list form is the single read without the figures (commits, lines, mergeability) only it computes.
    const { data: single } = await octokit.rest.pulls.get({ ...repo, pull_number: pull.number });
    const { merged, mergeable, rebaseable, mergeable_state, merged_by, comments, review_comments, maintainer_can_modify, commits, additions, deletions, changed_files, requested_teams, ...listed } = single;
    expect(byHead[0]).toStrictEqual(listed);
    expect(byHead[0]?.base.sha).toBe((await octokit.rest.repos.getBranch({ ...repo, branch: 'main' })).data.commit.sha);
    // The bot's one listing per event: the newest PRs of every state, newest first.
    const { data: newest } = await octokit.rest.pulls.list({ ...repo, state: 'all', sort: 'created', direction: 'desc', per_page: 100 });
    expect(newest[0]).toMatchObject({ number: pull.number, created_at: pull.created_at, body: `Closes #${goal.data.number}` });
    const { data: none } = await octokit.rest.pulls.list({ ...repo, head: `${OWNER}:agent/none` });
    expect(none).toStrictEqual([]);
    const { data: asIssue } = await octokit.rest.issues.get({ ...repo, issue_number: pull.number });
    expect(asIssue.pull_request?.url).toMatch(new RegExp(`/pulls/${pull.number}$`));

    const duplicate = await failure(bot.rest.pulls.create({ ...repo, head: `${OWNER}:agent/20261128-0107-a1b2c3`, base: 'main', title: 'again' }));
    expect(duplicate).toMatchObject({
      status: 422,
      data: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${OWNER}:agent/20261128-0107-a1b2c3.` }] },
    });
    const missing = await failure(bot.rest.pulls.create({ ...repo, head: 'agent/missing', base: 'main', title: 'nothing' }));
    expect(missing.status).toBe(422);
  });

  it('updates a pull request, requests reviewers, and labels it through the issues API', async () => {
    const bot = await botClient(started.sandbox);
    const [pull] = (await bot.rest.pulls.list({ ...repo })).data;
    if (!pull) throw new Error('no pull request');
    const { data: updated } = await bot.rest.pulls.update({ ...repo, pull_number: pull.number, title: 'Speed up the parser (draft 2)' });
    expect(updated.title).toBe('Speed up the parser (draft 2)');
    const { data: requested } = await bot.rest.pulls.requestReviewers({ ...repo, pull_number: pull.number, reviewers: [OWNER] });
    expect(requested.requested_reviewers?.map((user) => user.login)).toStrictEqual([OWNER]);
    await bot.rest.issues.addLabels({ ...repo, issue_number: pull.number, labels: ['overnight:pr-open', 'agent:claude'] });
    const { data: read } = await bot.rest.pulls.get({ ...repo, pull_number: pull.number });
    expect(read.labels.map((label) => label.name)).toStrictEqual(['overnight:pr-open', 'agent:claude']);
  });

  it('keeps review comments on lines of the diff, 422 for a file outside it', async () => {
    const [pull] = (await octokit.rest.pulls.list({ ...repo })).data;
    if (!pull) throw new Error('no pull request');
    await started.sandbox.createReviewComment('reviewer', pull.number, { body: 'Name this memo table', path: 'src/parser.js', line: 1 });
    const { data: created } = await octokit.rest.pulls.createReviewComment({ ...repo, pull_number: pull.number, body: 'And test it', path: 'src/parser.js', line: 1, commit_id: pull.head.sha });
    expect(created).toMatchObject({ body: 'And test it', path: 'src/parser.js', line: 1, commit_id: pull.head.sha, user: { login: OWNER } });
    const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...repo, pull_number: pull.number });
    expect(comments.map((comment) => [comment.user.login, comment.body])).toStrictEqual([['reviewer', 'Name this memo table'], [OWNER, 'And test it']]);
    expect(comments[0]?.diff_hunk).toMatch(/^@@ -0,0 \+1 @@\n\+agent\/20261128-0107-a1b2c3$/);
    const outside = await failure(octokit.rest.pulls.createReviewComment({ ...repo, pull_number: pull.number, body: 'x', path: 'README.md', line: 1, commit_id: pull.head.sha }));
    expect(outside.status).toBe(422);
  });

  it('merges with git on the remote, closes the linked goal, and sees the result in main', async () => {
    const [pull] = (await octokit.rest.pulls.list({ ...repo })).data;
    if (!pull) throw new Error('no pull request');
    const sha = await started.sandbox.mergePull(pull.number);
    const { data: merged } = await octokit.rest.pulls.get({ ...repo, pull_number: pull.number });
    expect(merged).toMatchObject({ state: 'closed', merged: true, merge_commit_sha: sha, merged_by: { login: OWNER }, commits: 1 });
    const { data: main } = await octokit.rest.repos.getCommit({ ...repo, ref: 'main' });
    expect(main.sha).toBe(sha);
    expect(main.parents).toHaveLength(2);
    const { data: goal } = await octokit.rest.issues.get({ ...repo, issue_number: pull.number - 1 });
    expect(goal).toMatchObject({ state: 'closed', state_reason: 'completed' });
    const { data: open } = await octokit.rest.pulls.list({ ...repo });
    expect(open).toStrictEqual([]);
    // Listed after the merge, it keeps the base it was merged into, not main's new tip.
    const { data: all } = await octokit.rest.pulls.list({ ...repo, state: 'all' });
    expect(all.find((entry) => entry.number === pull.number)?.base.sha).toBe(merged.base.sha);
    expect(merged.base.sha).not.toBe(sha);
  });
});
