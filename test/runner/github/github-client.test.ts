import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGithub, resolveToken, resolveTokenWithSource } from '../../../src/runner/github/index.js';
import { credentialEnv } from '../../../src/runner/git/push-credential.js';
import { API, comment, DASHBOARD_QUERY, issue, mockComments, mockPermission, REPO } from '../helpers/github-mock.js';

const github = () => createGithub({ apiUrl: API, token: 'ghs_runnertoken', repo: 'acme/widgets', paceWrites: false, secondMs: 1 });

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toStrictEqual([]);
  nock.enableNetConnect();
});

const pull = (number: number, ref: string, repo = 'acme/widgets') => ({
  number,
  title: `PR ${number}`,
  body: null,
  head: { ref, sha: `sha${number}`, repo: { full_name: repo } },
  draft: false,
  labels: [{ name: 'overnight' }],
  created_at: '2026-11-27T00:00:00Z',
});

describe('the GitHub client', () => {
  it('lists goal issues across pages, leaving pull requests out', async () => {
    const scope = nock(API, { reqheaders: { authorization: 'token ghs_runnertoken' } })
      .get(`${REPO}/issues`)
      .query({ state: 'open', labels: 'overnight', per_page: '100' })
      .reply(200, [issue({ number: 1, title: 'One' }), { ...issue({ number: 2, title: 'A PR' }), pull_request: {} }], {
        link: `<${API}${REPO}/issues?state=open&labels=overnight&per_page=100&page=2>; rel="next"`,
      })
      .get(`${REPO}/issues`)
      .query({ state: 'open', labels: 'overnight', per_page: '100', page: '2' })
      .reply(200, [issue({ number: 3, title: 'Three', author: 'bob' })]);
    const issues = await github().listGoalIssues('overnight');
    expect(issues.map((i) => [i.number, i.title, i.author])).toStrictEqual([[1, 'One', 'alice'], [3, 'Three', 'bob']]);
    expect(scope.pendingMocks()).toStrictEqual([]);
  });

  it('lists only agent/* PRs of this repository, never a fork’s', async () => {
    nock(API)
      .get(`${REPO}/pulls`)
      .query({ state: 'open', per_page: '100' })
      .reply(200, [pull(1, 'agent/20261127-0100-abcdef'), pull(2, 'feature/x'), pull(3, 'agent/20261127-0100-bbbbbb', 'mallory/widgets')]);
    expect((await github().listAgentPrs()).map((p) => p.number)).toStrictEqual([1]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it('reads permissions by role, a non-collaborator as none', async () => {
    const scope = nock(API);
    mockPermission(scope, 'tri', 'triage');
    scope.get(`${REPO}/collaborators/stranger/permission`).reply(404, { message: 'Not Found' });
    expect(await github().permissionOf('tri')).toBe('triage');
    expect(await github().permissionOf('stranger')).toBe('none');
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it('marks bot comments', async () => {
    mockComments(nock(API), 4, [comment(1, 'overnight[bot]', 'hi', undefined, 'Bot')]);
    expect(await github().listComments(4)).toStrictEqual([{ id: 1, author: 'overnight[bot]', authorIsBot: true, body: 'hi', createdAt: '2026-11-02T10:00:00Z' }]);
  });

  it('reads .github/overnight.yml, defaults when absent, and names the field of a bad one', async () => {
    const path = `${REPO}/contents/.github%2Fovernight.yml`;
    const file = (text: string) => ({ type: 'file', encoding: 'base64', content: Buffer.from(text).toString('base64') });
    nock(API).get(path).reply(200, file('commandPermission: maintain\n')).get(path).reply(404, {}).get(path).reply(200, file('commandPermission: everyone\n'));
    expect((await github().repoConfig()).commandPermission).toBe('maintain');
    expect((await github().repoConfig()).commandPermission).toBe('write');
    await expect(github().repoConfig()).rejects.toThrow(/commandPermission/);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it('makes claim commits and creates claim refs without force; "already exists" is a false, any other 422 an error', async () => {
    const bodies: Record<string, unknown>[] = [];
    const record = (body: Record<string, unknown>) => (bodies.push(body), true);
    nock(API)
      .post(`${REPO}/git/commits`, record)
      .reply(201, { sha: 'abc123' })
      .post(`${REPO}/git/refs`, record)
      .reply(201, {})
      .post(`${REPO}/git/refs`, record)
      .reply(422, { message: 'Reference already exists' })
      .post(`${REPO}/git/refs`)
      .reply(422, { message: 'Object does not exist' });
    const client = github();
    expect(await client.createCommit({ treeSha: 'tree1', parents: ['base1'], message: 'overnight claim of #12 by mac' })).toBe('abc123');
    expect(await client.createRef('refs/heads/overnight-claims/issue-12', 'abc123')).toBe(true);
    expect(await client.createRef('refs/heads/overnight-claims/issue-12', 'abc123')).toBe(false);
    await expect(client.createRef('refs/heads/overnight-claims/issue-12', 'abc123')).rejects.toMatchObject({ status: 422 });
    expect(bodies[0]).toStrictEqual({ message: 'overnight claim of #12 by mac', tree: 'tree1', parents: ['base1'] });
    expect(bodies[1]).toStrictEqual({ ref: 'refs/heads/overnight-claims/issue-12', sha: 'abc123' });
    expect(bodies[1]).not.toHaveProperty('force');
  });

  it('reads a claim ref and its commit, with GitHub’s committer date and the time GitHub answered', async () => {
    const ref = `${REPO}/git/ref/heads%2Fovernight-claims%2Fissue-12`;
    nock(API)
      .get(ref)
      .reply(200, { ref: 'refs/heads/overnight-claims/issue-12', object: { type: 'commit', sha: 'c1' } })
      .get(ref)
      .reply(404, { message: 'Not Found' })
      .get(`${REPO}/git/commits/c1`)
      .reply(
        200,
        { sha: 'c1', message: 'claim\n', parents: [{ sha: 'p1' }], committer: { name: 'GitHub', email: 'noreply@github.com', date: '2026-11-28T01:07:00Z' } },
        { date: 'Sat, 28 Nov 2026 04:20:00 GMT' },
      );
    const client = github();
    expect(await client.refSha('refs/heads/overnight-claims/issue-12')).toBe('c1');
    expect(await client.refSha('refs/heads/overnight-claims/issue-12')).toBeUndefined();
    expect(await client.readCommit('c1')).toStrictEqual({
      sha: 'c1',
      message: 'claim\n',
      parents: ['p1'],
      committedAt: '2026-11-28T01:07:00Z',
      answeredAt: '2026-11-28T04:20:00.000Z',
    });
  });

  it('moves a ref only as a fast-forward: moved, conflict when it moved elsewhere, gone when deleted', async () => {
    const bodies: Record<string, unknown>[] = [];
    const path = `${REPO}/git/refs/heads%2Fovernight-claims%2Fissue-12`;
    nock(API)
      .patch(path, (body: Record<string, unknown>) => (bodies.push(body), true))
      .reply(200, {})
      .patch(path)
      .reply(422, { message: 'Update is not a fast forward' })
      .patch(path)
      .reply(422, { message: 'Reference does not exist' });
    const client = github();
    expect(await client.advanceRef('refs/heads/overnight-claims/issue-12', 'c2')).toBe('moved');
    expect(await client.advanceRef('refs/heads/overnight-claims/issue-12', 'c3')).toBe('conflict');
    expect(await client.advanceRef('refs/heads/overnight-claims/issue-12', 'c4')).toBe('gone');
    expect(bodies).toStrictEqual([{ sha: 'c2', force: false }]);
  });

  it('releases a ref: deleted, or already gone (404, or 422 "Reference does not exist")', async () => {
    const path = `${REPO}/git/refs/heads%2Fovernight-claims%2Fissue-12`;
    nock(API).delete(path).reply(204).delete(path).reply(404, { message: 'Not Found' }).delete(path).reply(422, { message: 'Reference does not exist' });
    const client = github();
    for (let i = 0; i < 3; i++) await expect(client.release('refs/heads/overnight-claims/issue-12')).resolves.toBeUndefined();
  });

  it('comments on an issue', async () => {
    const body: Record<string, unknown> = {};
    nock(API).post(`${REPO}/issues/12/comments`, (sent: Record<string, unknown>) => (Object.assign(body, sent), true)).reply(201, { id: 1 });
    expect(await github().addComment(12, 'the push gave up')).toBe(1);
    expect(body).toStrictEqual({ body: 'the push gave up' });
  });

  it('takes the time of the last push from the activity API, GitHub’s own record', async () => {
    nock(API)
      .get(`${REPO}/activity`)
      .query({ ref: 'refs/heads/agent/20261127-0100-abcdef', direction: 'desc', per_page: '1' })
      .reply(200, [
        {
          id: 1,
          node_id: 'A_1',
          before: 'a'.repeat(40),
          after: 'b'.repeat(40),
          ref: 'refs/heads/agent/20261127-0100-abcdef',
          timestamp: '2026-11-27T03:04:05Z',
          activity_type: 'force_push',
          actor: { login: 'alice', id: 1, type: 'User' },
        },
      ]);
    expect(await github().branchPushedAt('agent/20261127-0100-abcdef', 20)).toBe('2026-11-27T03:04:05Z');
  });

  it('falls back to the PR timeline’s force pushes where the activity API does not exist', async () => {
    nock(API)
      .get(`${REPO}/activity`)
      .query(true)
      .reply(404, { message: 'Not Found' })
      .get(`${REPO}/issues/20/timeline`)
      .query({ per_page: '100' })
      .reply(200, [
        { event: 'head_ref_force_pushed', created_at: '2026-11-27T03:00:00Z', actor: { login: 'alice' } },
        { event: 'commented', created_at: '2026-11-27T05:00:00Z', body: '/overnight revise' },
        { event: 'head_ref_force_pushed', created_at: '2026-11-27T04:00:00Z', actor: { login: 'alice' } },
        { event: 'committed', sha: 'c', committer: { date: '2030-01-01T00:00:00Z' } },
      ])
      .get(`${REPO}/activity`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/issues/21/timeline`)
      .query({ per_page: '100' })
      .reply(200, [{ event: 'labeled', created_at: '2026-11-27T03:00:00Z' }]);
    // A commit's own date (2030 here) is whatever its author's clock said: never used.
    expect(await github().branchPushedAt('agent/20261127-0100-abcdef', 20)).toBe('2026-11-27T04:00:00Z');
    expect(await github().branchPushedAt('agent/20261127-0100-bbbbbb', 21)).toBeUndefined();
  });

  it('finds a PR by head branch and knows the dashboard pause', async () => {
    nock(API)
      .get(`${REPO}/pulls`)
      .query({ state: 'all', head: 'acme:agent/20261127-0100-abcdef', per_page: '1' })
      .reply(200, [{ number: 5, state: 'open' }])
      .get(`${REPO}/issues`)
      .query(DASHBOARD_QUERY)
      .reply(200, [issue({ number: 1, title: 'Dashboard', labels: ['overnight:dashboard', 'overnight:paused'] })]);
    expect(await github().findPrByHead('agent/20261127-0100-abcdef')).toStrictEqual({ number: 5, state: 'open' });
    expect(await github().isPaused()).toBe(true);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it('opens a PR and asks users and teams to review it; a 422 (e.g. the author) reaches the caller', async () => {
    const opened: Record<string, unknown> = {};
    const asked: Record<string, unknown> = {};
    nock(API)
      .post(`${REPO}/pulls`, (body: Record<string, unknown>) => (Object.assign(opened, body), true))
      .reply(201, { number: 9 })
      .post(`${REPO}/pulls/9/requested_reviewers`, (body: Record<string, unknown>) => (Object.assign(asked, body), true))
      .reply(201, { number: 9 })
      .post(`${REPO}/pulls/9/requested_reviewers`)
      .reply(422, { message: 'Review cannot be requested from pull request author.' });
    const pr = { head: 'agent/20261127-0100-abcdef', base: 'develop', title: 'Add notes', body: 'body', draft: true };
    expect(await github().openPr(pr)).toBe(9);
    expect(opened).toStrictEqual(pr);
    await github().requestReviewers(9, { users: ['bob'], teams: ['core'] });
    expect(asked).toStrictEqual({ reviewers: ['bob'], team_reviewers: ['core'] });
    await expect(github().requestReviewers(9, { users: ['alice'], teams: [] })).rejects.toMatchObject({ status: 422 });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});

describe('the goal labels', () => {
  it('adds labels to an issue and removes one; a label already gone (404) is success, a 500 is not', async () => {
    const added: Record<string, unknown> = {};
    nock(API)
      .post(`${REPO}/issues/12/labels`, (body: Record<string, unknown>) => (Object.assign(added, body), true))
      .reply(200, [{ name: 'overnight' }, { name: 'overnight:running' }])
      .delete(`${REPO}/issues/12/labels/overnight%3Arunning`)
      .reply(200, [{ name: 'overnight' }])
      .delete(`${REPO}/issues/12/labels/overnight%3Arunning`)
      .reply(404, { message: 'Label does not exist' })
      .delete(`${REPO}/issues/12/labels/overnight%3Arunning`)
      // A 500 is retried (three times) before it reaches the caller.
      .times(4)
      .reply(500, { message: 'Server Error' });
    await github().addLabels(12, ['overnight:running']);
    expect(added).toStrictEqual({ labels: ['overnight:running'] });
    await expect(github().removeLabel(12, 'overnight:running')).resolves.toBeUndefined();
    await expect(github().removeLabel(12, 'overnight:running')).resolves.toBeUndefined();
    await expect(github().removeLabel(12, 'overnight:running')).rejects.toMatchObject({ status: 500 });
  });
});

describe('the token', () => {
  it('comes from GITHUB_TOKEN, then GH_TOKEN', async () => {
    expect(await resolveToken({ mode: 'env', env: { GITHUB_TOKEN: 'a', GH_TOKEN: 'b' } })).toBe('a');
    expect(await resolveToken({ mode: 'env', env: { GH_TOKEN: 'b' } })).toBe('b');
    await expect(resolveToken({ mode: 'env', env: {} })).rejects.toThrow('github.token is "env" but neither GITHUB_TOKEN nor GH_TOKEN is set');
  });

  it('comes from `gh auth token` with gh found by findBin, for the host of github.apiUrl', async () => {
    const calls: string[][] = [];
    const run = async (bin: string, args: readonly string[]) => (calls.push([bin, ...args]), { stdout: 'gho_fromgh\n', stderr: '', exitCode: 0 });
    expect(await resolveToken({ mode: 'gh', findGh: () => '/opt/homebrew/bin/gh', run })).toBe('gho_fromgh');
    expect(await resolveToken({ mode: 'gh', findGh: () => '/opt/homebrew/bin/gh', run, apiUrl: 'https://ghe.acme.test/api/v3' })).toBe('gho_fromgh');
    expect(calls).toStrictEqual([
      ['/opt/homebrew/bin/gh', 'auth', 'token'],
      ['/opt/homebrew/bin/gh', 'auth', 'token', '--hostname', 'ghe.acme.test'],
    ]);
    await expect(resolveToken({ mode: 'gh', findGh: () => undefined, run })).rejects.toThrow(/gh CLI was not found on PATH, \/opt\/homebrew\/bin/);
    await expect(resolveToken({ mode: 'gh', findGh: () => '/x/gh', run: async () => ({ stdout: '', stderr: '', exitCode: 1 }) })).rejects.toThrow(
      '`gh auth token` printed no token: run `gh auth login`',
    );
  });

  it('comes from the store `overnight auth login` filled, naming where it was found', async () => {
    const readStored = async () => ({ token: 'ghp_stored', backend: 'file' as const, where: '/home/dev/.config/overnight/token' });
    expect(await resolveTokenWithSource({ mode: 'store', readStored })).toStrictEqual({ token: 'ghp_stored', source: '/home/dev/.config/overnight/token' });
    const empty = { readStored: async () => undefined, storeStatus: async () => ({ target: { backend: 'file' as const, where: 'x' }, unusable: [] }) };
    await expect(resolveToken({ mode: 'store', ...empty })).rejects.toThrow('github.token is "store" but no token is stored: run `overnight auth login`');
  });
});

describe('the push credential', () => {
  it('travels as GIT_CONFIG_* for an HTTPS remote, scoped to its host, never in a URL', () => {
    const env = credentialEnv('https://github.com/acme/widgets.git', 'ghs_secret');
    expect(env).toStrictEqual({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.https://github.com/.extraheader',
      GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${Buffer.from('x-access-token:ghs_secret').toString('base64')}`,
    });
  });

  it('is not needed for SSH or file remotes, nor without a token', () => {
    expect(credentialEnv('git@github.com:acme/widgets.git', 'ghs_secret')).toStrictEqual({});
    expect(credentialEnv('/tmp/origin.git', 'ghs_secret')).toStrictEqual({});
    expect(credentialEnv('https://github.com/acme/widgets.git', undefined)).toStrictEqual({});
  });
});
