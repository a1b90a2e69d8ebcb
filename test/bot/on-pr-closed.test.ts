import { describe, expect, it } from 'vitest';
import { R, botComment, capture, dashboardRefresh, github, issue, noRepoConfig, type Sent } from './github-mock.js';
import { GOAL, prBody, prClosed } from './payloads.js';
import { deliver, testProbot, useNock } from './probot.js';

useNock();

describe('pull_request.closed', () => {
  it('merged into the default branch: the goal loses overnight:pr-open and GitHub closes it by "Closes #12"', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    scope
      .get(`${R}/issues/${GOAL}`)
      .reply(200, issue(GOAL, ['overnight', 'overnight:pr-open']))
      .delete(`${R}/issues/${GOAL}/labels/overnight%3Apr-open`)
      .reply(200, []);
    dashboardRefresh(scope, sent, { existing: { number: 100 } });
    await deliver(await testProbot(), 'pull_request', prClosed({ merged: true }));
  });

  it('merged into another base: the bot closes the one-off goal itself', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    scope
      .get(`${R}/issues/${GOAL}`)
      .reply(200, issue(GOAL, ['overnight', 'overnight:pr-open']))
      .delete(`${R}/issues/${GOAL}/labels/overnight%3Apr-open`)
      .reply(404, { message: 'Label does not exist' })
      .patch(`${R}/issues/${GOAL}`)
      .reply(capture(sent, 'close', 200, {}));
    dashboardRefresh(scope, sent, { existing: { number: 100 } });
    await deliver(await testProbot(), 'pull_request', prClosed({ merged: true, base: 'develop' }));
    expect(sent.close).toStrictEqual([{ state: 'closed', state_reason: 'completed' }]);
  });

  it('merged for a recurring goal: it stays open', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    scope
      .get(`${R}/issues/${GOAL}`)
      .reply(200, issue(GOAL, ['overnight', 'overnight:recurring', 'overnight:pr-open']))
      .delete(`${R}/issues/${GOAL}/labels/overnight%3Apr-open`)
      .reply(200, []);
    dashboardRefresh(scope, sent, { existing: { number: 100 } });
    await deliver(await testProbot(), 'pull_request', prClosed({ merged: true, base: 'develop', body: prBody({ recurring: true }) }));
  });

  it('closed unmerged: the goal is back in the queue and says so once', async () => {
    const probot = await testProbot();
    const scope = github();
    const sent: Sent = {};
    for (const existing of [[], [botComment('x\n\n<!-- overnight:closed-pr-2 -->')]]) {
      noRepoConfig(scope);
      scope
        .get(`${R}/issues/${GOAL}`)
        .reply(200, issue(GOAL, ['overnight', 'overnight:pr-open']))
        .delete(`${R}/issues/${GOAL}/labels/overnight%3Apr-open`)
        .reply(200, [])
        .get(`${R}/issues/${GOAL}/comments`)
        .query(true)
        .reply(200, existing);
      if (existing.length === 0) scope.post(`${R}/issues/${GOAL}/comments`).reply(capture(sent, 'comment', 201, {}));
      dashboardRefresh(scope, sent, { existing: { number: 100 } });
    }
    await deliver(probot, 'pull_request', prClosed({ merged: false }), 'd');
    await deliver(probot, 'pull_request', prClosed({ merged: false }), 'd');
    expect(sent.comment).toHaveLength(1);
    expect(sent.comment![0].body).toContain('#2 was closed without merging, so this goal is back in the queue');
  });

  it('ignores PRs that are not overnight PRs', async () => {
    const probot = await testProbot();
    await deliver(probot, 'pull_request', prClosed({ merged: true, head: 'feature/x' }));
    noRepoConfig(github());
    await deliver(probot, 'pull_request', prClosed({ merged: true, body: 'A human wrote this from agent/ by hand' }));
  });
});
