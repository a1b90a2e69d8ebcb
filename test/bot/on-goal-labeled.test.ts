import { describe, expect, it } from 'vitest';
import { R, botComment, capture, dashboardRefresh, github, issue, noRepoConfig, repoConfig, type Sent } from './github-mock.js';
import { GOAL, goalLabeled } from './payloads.js';
import { BOT_LOGIN, deliver, testProbot, useNock } from './probot.js';

useNock();

describe('issues.labeled overnight', () => {
  it('acknowledges the new goal once and lists it on the dashboard', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    scope
      .get(`${R}/issues/${GOAL}/comments`)
      .query({ per_page: '100' })
      .reply(200, [{ body: 'I would love this' }])
      .post(`${R}/issues/${GOAL}/comments`)
      .reply(capture(sent, 'ack', 201, {}));
    dashboardRefresh(scope, sent, { goals: [issue(GOAL, ['overnight'])] });

    await deliver(await testProbot(), 'issues', goalLabeled());

    const body = sent.ack![0].body as string;
    expect(body).toContain('This issue is now an overnight goal');
    expect(body).toContain('`/overnight pause`');
    expect(body).toContain('**write** permission or higher');
    expect(body).toMatch(/<!-- overnight:goal-ack -->$/);
    expect(sent.createIssue![0].body).toContain('- #12 Replace the retry loop');
  });

  it('says nothing the second time: relabelled, or the same delivery again', async () => {
    const probot = await testProbot();
    const scope = github();
    const sent: Sent = {};
    for (let i = 0; i < 2; i += 1) {
      noRepoConfig(scope);
      scope.get(`${R}/issues/${GOAL}/comments`).query(true).reply(200, [botComment('hi\n\n<!-- overnight:goal-ack -->')]);
      dashboardRefresh(scope, sent, { existing: { number: 100 } });
    }
    await deliver(probot, 'issues', goalLabeled(), 'a');
    await deliver(probot, 'issues', goalLabeled(), 'a');
    expect(sent.ack).toBeUndefined();
  });

  it('ignores other labels; its own state labels cost no API call at all (no loops)', async () => {
    const probot = await testProbot();
    noRepoConfig(github());
    await deliver(probot, 'issues', goalLabeled('bug'));
    for (const label of ['overnight:pr-open', 'overnight:paused', 'agent:codex', 'priority:high', 'overnight:dashboard']) {
      await deliver(probot, 'issues', goalLabeled(label, { login: BOT_LOGIN, type: 'Bot' }));
    }
  });

  it('follows a custom goal label from the repo config', async () => {
    const scope = github();
    const sent: Sent = {};
    repoConfig(scope, 'goalLabel: nightly\n');
    scope.get(`${R}/issues/${GOAL}/comments`).query(true).reply(200, []).post(`${R}/issues/${GOAL}/comments`).reply(capture(sent, 'ack', 201, {}));
    scope.get(`${R}/issues`).query({ labels: 'overnight:dashboard', state: 'open', sort: 'created', direction: 'asc', per_page: '10' }).reply(200, [issue(100, ['overnight:dashboard'])]);
    scope.get(`${R}/issues`).query({ labels: 'nightly', state: 'open', per_page: '100' }).reply(200, []);
    scope.get(`${R}/pulls`).query(true).reply(200, []);
    scope.patch(`${R}/issues/100`).reply(200, {});
    await deliver(await testProbot(), 'issues', goalLabeled('nightly'));
    expect(sent.ack).toHaveLength(1);
  });

  it('does not acknowledge the dashboard or a pull request', async () => {
    const probot = await testProbot();
    const sent: Sent = {};
    const onDashboard = goalLabeled();
    onDashboard.issue.labels.push({ name: 'overnight:dashboard' });
    const onPr = goalLabeled();
    onPr.issue.pull_request = { url: 'x' };
    for (const payload of [onDashboard, onPr]) {
      const scope = github();
      noRepoConfig(scope);
      dashboardRefresh(scope, sent, { existing: { number: 100 } });
      await deliver(probot, 'issues', payload);
    }
    expect(sent.ack).toBeUndefined();
  });
});
