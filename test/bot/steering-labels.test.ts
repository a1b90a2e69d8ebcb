import { describe, expect, it } from 'vitest';
import { R, botComment, capture, github, noRepoConfig, permission, repoConfig, type Sent } from './github-mock.js';
import { GOAL, goalLabeled, prLabeled } from './payloads.js';
import { BOT_LOGIN, deliver, testProbot, useNock } from './probot.js';

useNock();

const ISSUE_UPDATED_AT = '2019-05-15T15:20:18Z'; // issues.labeled.json: when the label was added

describe('a steering label added by someone below commandPermission', () => {
  it('a triage user adding agent:codex: removed again, with one comment saying why, also on redelivery', async () => {
    const probot = await testProbot();
    const scope = github();
    const sent: Sent = {};
    for (const delivery of ['first', 'redelivered']) {
      noRepoConfig(scope);
      permission(scope, 'triager', 'triage');
      scope
        .delete(`${R}/issues/${GOAL}/labels/agent%3Acodex`)
        .reply(delivery === 'first' ? 200 : 404, delivery === 'first' ? [] : { message: 'Label does not exist' })
        .get(`${R}/issues/${GOAL}/comments`)
        .query({ per_page: '100', since: ISSUE_UPDATED_AT })
        // The redelivery finds the explanation the first delivery posted.
        .reply(() => [200, delivery === 'first' ? [] : [botComment(sent.comment![0].body)]]);
      if (delivery === 'first') scope.post(`${R}/issues/${GOAL}/comments`).reply(capture(sent, 'comment', 201, {}));
    }
    const by = { login: 'triager', type: 'User' as const };
    await deliver(probot, 'issues', goalLabeled('agent:codex', by), 'd');
    await deliver(probot, 'issues', goalLabeled('agent:codex', by), 'd');

    expect(sent.comment).toHaveLength(1);
    expect(sent.comment![0].body).toBe(
      '@triager, the `agent:codex` label steers the overnight runner, so only people with **write** permission or higher on this ' +
        'repository may add it (yours: triage). It was removed again; ask someone with write permission to add it or to give the ' +
        'matching `/overnight` command.\n\n<!-- overnight:label-refused-agent:codex-triager -->',
    );
  });

  it.each(['priority:high', 'priority:low', 'overnight:paused'])('%s on a PR from a read user: removed the same way', async (label) => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    permission(scope, 'reader', 'read');
    scope
      .delete(`${R}/issues/2/labels/${encodeURIComponent(label)}`)
      .reply(200, [])
      .get(`${R}/issues/2/comments`)
      .query(true)
      .reply(200, [])
      .post(`${R}/issues/2/comments`)
      .reply(capture(sent, 'comment', 201, {}));
    await deliver(await testProbot(), 'pull_request', prLabeled(label, { login: 'reader', type: 'User' }));
    expect(sent.comment![0].body).toContain(`@reader, the \`${label}\` label steers the overnight runner`);
  });

  it('follows commandPermission from the repo config: maintain required, write refused', async () => {
    const scope = github();
    const sent: Sent = {};
    repoConfig(scope, 'commandPermission: maintain\n');
    permission(scope, 'writer', 'write');
    scope
      .delete(`${R}/issues/${GOAL}/labels/priority%3Ahigh`)
      .reply(200, [])
      .get(`${R}/issues/${GOAL}/comments`)
      .query(true)
      .reply(200, [])
      .post(`${R}/issues/${GOAL}/comments`)
      .reply(capture(sent, 'comment', 201, {}));
    await deliver(await testProbot(), 'issues', goalLabeled('priority:high', { login: 'writer', type: 'User' }));
    expect(sent.comment![0].body).toContain('only people with **maintain** permission or higher');
  });
});

describe('steering labels that stay', () => {
  it('added by someone with the permission: kept, one permission lookup and nothing else', async () => {
    const scope = github();
    noRepoConfig(scope);
    permission(scope, 'maintainer', 'maintain');
    await deliver(await testProbot(), 'issues', goalLabeled('agent:codex', { login: 'maintainer', type: 'User' }));
  });

  it('added by this bot (for a permitted command) or another GitHub App: no API call at all', async () => {
    const probot = await testProbot();
    await deliver(probot, 'issues', goalLabeled('agent:codex', { login: BOT_LOGIN, type: 'Bot' }));
    await deliver(probot, 'pull_request', prLabeled('overnight:paused', { login: 'renovate[bot]', type: 'Bot' }));
  });

  it('labels that do not steer (overnight:recurring, bug on a PR, priority:urgent) are not checked', async () => {
    const probot = await testProbot();
    await deliver(probot, 'pull_request', prLabeled('bug', { login: 'someone', type: 'User' }));
    await deliver(probot, 'pull_request', prLabeled('priority:urgent', { login: 'someone', type: 'User' }));
    await deliver(probot, 'issues', goalLabeled('overnight:recurring', { login: 'someone', type: 'User' }));
  });
});
