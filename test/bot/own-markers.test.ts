import pino from 'pino';
import { Probot } from 'probot';
import { describe, expect, it } from 'vitest';
import { overnightApp } from '../../src/bot/index.js';
import { R, botComment, capture, dashboardRefresh, github, issue, noRepoConfig, permission, type Sent } from './github-mock.js';
import { GOAL, issueComment, prClosed } from './payloads.js';
import { deliver, quietOctokit, testProbot, useNock } from './probot.js';

useNock();

const MARKER = '<!-- overnight:closed-pr-2 -->';

/** The closed-unmerged flow up to the goal's comments, which list `existing`. */
function closedPrMocks(sent: Sent, existing: unknown[], expectComment: boolean) {
  const scope = github();
  noRepoConfig(scope);
  scope
    .get(`${R}/issues/${GOAL}`)
    .reply(200, issue(GOAL, ['overnight', 'overnight:pr-open']))
    .delete(`${R}/issues/${GOAL}/labels/overnight%3Apr-open`)
    .reply(200, [])
    .get(`${R}/issues/${GOAL}/comments`)
    .query(true)
    .reply(200, existing);
  if (expectComment) scope.post(`${R}/issues/${GOAL}/comments`).reply(capture(sent, 'comment', 201, {}));
  dashboardRefresh(scope, sent, { existing: { number: 100 } });
  return scope;
}

describe("the bot's reply markers", () => {
  it("count only in the bot's own comments: an outsider who pastes one does not silence the bot", async () => {
    const sent: Sent = {};
    const pasted = { body: `me too ${MARKER}`, user: { login: 'mallory', type: 'User' }, performed_via_github_app: null };
    // A bot user of another app carrying the marker does not count either.
    const otherApp = { body: MARKER, user: { login: 'other-app[bot]', type: 'Bot' }, performed_via_github_app: { id: 9, slug: 'other-app' } };
    closedPrMocks(sent, [pasted, otherApp], true);
    await deliver(await testProbot(), 'pull_request', prClosed({ merged: false }));
    expect(sent.comment).toHaveLength(1);
    expect(sent.comment![0].body).toContain('#2 was closed without merging');
  });

  it('an outsider pasting the reply marker of a command does not suppress the reply either', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    permission(scope, 'maintainer', 'write');
    scope
      .post(`${R}/issues/comments/492700400/reactions`)
      .reply(201, {})
      .get(`${R}/issues/${GOAL}/comments`)
      .query(true)
      .reply(200, [{ body: '<!-- overnight:reply-comment-492700400 -->', user: { login: 'mallory', type: 'User' } }])
      .post(`${R}/issues/${GOAL}/comments`)
      .reply(capture(sent, 'reply', 201, {}));
    dashboardRefresh(scope, sent, { existing: { number: 100 } });
    await deliver(await testProbot(), 'issue_comment', issueComment('/overnight help'));
    expect(sent.reply).toHaveLength(1);
  });

  it("are the app's bot user's, asked of GET /app once (with the app's own credentials), then cached", async () => {
    const probot = new Probot({ githubToken: 'test-token', log: pino({ level: 'silent' }), Octokit: quietOctokit() });
    await probot.load(overnightApp({ reconcileOnStart: false }));
    const sent: Sent = {};
    github().get('/app').reply(200, { id: 1, slug: 'overnight-test', name: 'overnight test' });
    for (let delivery = 0; delivery < 2; delivery++) closedPrMocks(sent, [botComment(`x\n\n${MARKER}`)], false);
    await deliver(probot, 'pull_request', prClosed({ merged: false }), 'a');
    await deliver(probot, 'pull_request', prClosed({ merged: false }), 'b');
    expect(sent.comment).toBeUndefined();
  });

  it('cost no lookup when no comment carries the marker', async () => {
    const probot = new Probot({ githubToken: 'test-token', log: pino({ level: 'silent' }), Octokit: quietOctokit() });
    await probot.load(overnightApp({ reconcileOnStart: false }));
    const sent: Sent = {};
    closedPrMocks(sent, [], true);
    await deliver(probot, 'pull_request', prClosed({ merged: false }));
    expect(sent.comment).toHaveLength(1);
  });
});
