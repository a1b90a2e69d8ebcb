import { describe, expect, it } from 'vitest';
import { fromBaseRepo } from '../../src/bot/prs/from-base-repo.js';
import { R, capture, dashboardRefresh, github, noRepoConfig, permission, type Sent } from './github-mock.js';
import { BRANCH, OWNER, REPO, forkPr, issueComment } from './payloads.js';
import { deliver, testProbot, useNock } from './probot.js';

useNock();

// Every delivery here runs with the network disallowed and no mock for it: any API call the
// bot made for a fork's PR would fail the delivery.

describe('a PR from a fork whose branch is named agent/...', () => {
  it('opened: ignored, no API call', async () => {
    const payload = forkPr('opened');
    expect(payload.pull_request.head.label).toBe(`someone:${BRANCH}`);
    await deliver(await testProbot(), 'pull_request', payload);
  });

  it.each([false, true])('closed (merged: %s): not handled, the goal is not requeued, no comment, no API call', async (merged) => {
    await deliver(await testProbot(), 'pull_request', forkPr('closed', { merged }));
  });

  it('a maintainer\'s command on it: it is "not opened by overnight", whatever its body copies', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    permission(scope, 'maintainer', 'write');
    const fork = forkPr('opened').pull_request;
    scope
      .get(`${R}/pulls/2`)
      .reply(200, fork)
      .post(`${R}/issues/comments/492700400/reactions`)
      .reply(201, {})
      .get(`${R}/issues/2/comments`)
      .query(true)
      .reply(200, [])
      .post(`${R}/issues/2/comments`)
      .reply(capture(sent, 'reply', 201, {}));
    dashboardRefresh(scope, sent, { existing: { number: 100 } });
    await deliver(await testProbot(), 'issue_comment', issueComment('/overnight revise use smaller steps', { pr: true, number: 2 }));
    expect(sent.reply![0].body).toContain('This pull request was not opened by overnight, so there is nothing to steer here.');
  });
});

describe('fromBaseRepo', () => {
  const repo = (id: number) => ({ id, full_name: `${OWNER}/${REPO}` });
  it('holds only when head and base are the same repository; a deleted fork (null) is not', () => {
    expect(fromBaseRepo({ head: { repo: repo(1) }, base: { repo: repo(1) } })).toBe(true);
    expect(fromBaseRepo({ head: { repo: repo(2) }, base: { repo: repo(1) } })).toBe(false);
    expect(fromBaseRepo({ head: { repo: null }, base: { repo: repo(1) } })).toBe(false);
    expect(fromBaseRepo({ head: {}, base: { repo: repo(1) } })).toBe(false);
  });
});
