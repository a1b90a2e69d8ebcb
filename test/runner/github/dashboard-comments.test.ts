import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGithub } from '../../../src/runner/github/index.js';
import { API, DASHBOARD_QUERY, issue, mockDashboard, REPO } from '../helpers/github-mock.js';

const github = () => createGithub({ apiUrl: API, token: 'ghs_runnertoken', repo: 'acme/widgets', paceWrites: false, secondMs: 1 });
const dashboard = (number: number, labels: string[] = ['overnight:dashboard']) => issue({ number, title: '🌙 Overnight dashboard', labels });

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(pending).toStrictEqual([]);
});

describe('the dashboard issue, as the runner finds it', () => {
  it('is the oldest open issue labelled overnight:dashboard, never a pull request', async () => {
    const pr = { ...dashboard(3), pull_request: {} };
    mockDashboard(nock(API), [pr, dashboard(7), dashboard(9, ['overnight:dashboard', 'overnight:paused'])]);
    // A second dashboard (two events raced to make one) still pauses the runners when paused.
    expect(await github().findDashboard()).toStrictEqual({ number: 7, paused: true });
  });

  it('is undefined when the bot never made one; then nothing is paused', async () => {
    const scope = nock(API);
    mockDashboard(scope, []);
    mockDashboard(scope, []);
    expect(await github().findDashboard()).toBeUndefined();
    expect(await github().isPaused()).toBe(false);
  });

  it('reads overnight:paused whatever its case, from the same one search', async () => {
    nock(API).get(`${REPO}/issues`).query(DASHBOARD_QUERY).reply(200, [dashboard(2, ['overnight:dashboard', 'Overnight:Paused'])]);
    expect(await github().isPaused()).toBe(true);
  });
});

describe('comments the runner keeps on the dashboard', () => {
  it('creates one and returns its id', async () => {
    const sent: unknown[] = [];
    nock(API)
      .post(`${REPO}/issues/7/comments`, (body: unknown) => (sent.push(body), true))
      .reply(201, { id: 4242, body: 'note', user: { login: 'dev', type: 'User' } });
    expect(await github().addComment(7, 'note')).toBe(4242);
    expect(sent).toStrictEqual([{ body: 'note' }]);
  });

  it('edits one: true when edited, false when GitHub refuses (403) or it is gone (404); other failures reach the caller', async () => {
    const sent: unknown[] = [];
    const path = `${REPO}/issues/comments/4242`;
    nock(API)
      .patch(path, (body: unknown) => (sent.push(body), true))
      .reply(200, { id: 4242, body: 'new' })
      .patch(path)
      .reply(403, { message: 'Resource not accessible by personal access token' })
      .patch(path)
      .reply(404, { message: 'Not Found' })
      .patch(path)
      .reply(422, { message: 'Validation Failed' });
    const client = github();
    expect(await client.updateComment(4242, 'new')).toBe(true);
    expect(sent).toStrictEqual([{ body: 'new' }]);
    expect(await client.updateComment(4242, 'new')).toBe(false);
    expect(await client.updateComment(4242, 'new')).toBe(false);
    await expect(client.updateComment(4242, 'new')).rejects.toMatchObject({ status: 422 });
  });

  it('deletes one: true when deleted or already gone (404), false when GitHub refuses (403)', async () => {
    const path = `${REPO}/issues/comments/4242`;
    nock(API)
      .delete(path)
      .reply(204)
      .delete(path)
      .reply(404, { message: 'Not Found' })
      .delete(path)
      .reply(403, { message: 'Must have admin rights to Repository.' })
      .delete(path)
      .reply(401, { message: 'Bad credentials' });
    const client = github();
    expect(await client.deleteComment(4242)).toBe(true);
    expect(await client.deleteComment(4242)).toBe(true);
    expect(await client.deleteComment(4242)).toBe(false);
    await expect(client.deleteComment(4242)).rejects.toMatchObject({ status: 401 });
  });
});
