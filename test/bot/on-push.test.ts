import { describe, expect, it } from 'vitest';
import { formatCommitBody, formatCommitMessage, readPrMetadata } from '../../src/protocol/index.js';
import { R, answeredLabel, botComment, capture, dashboardRefresh, github, issue, listedPr, noRepoConfig, recentPrs, repoConfig, type Sent } from './github-mock.js';
import { BRANCH, GOAL, HEAD_SHA, OWNER, SESSION, agentPush, commitMessage, masterPush, prBody, trailers } from './payloads.js';
import { deliver, testProbot, useNock } from './probot.js';

useNock();

/** The session a `/overnight revise` run pushes onto the PR's branch. */
const REVISION = '20261128-0307-d4e5f6';

const COMPARE = {
  files: [
    { filename: 'src/net.ts', additions: 9, deletions: 31 },
    { filename: 'test/net.test.ts', additions: 22, deletions: 0 },
  ],
};

/** The goal issue as the event's listing of open goals shows it. */
const OPEN_GOAL = [issue(GOAL, ['overnight'])];

/**
 * The requests of a push that opens PR 42 apart from the event's listings (the dashboard's
 * helper mocks those): the diffstat and the PR. Nothing asks for the branch's PRs or the goal
 * issue on their own: the listings of the newest PRs and of the open goals answer both.
 */
function mockOpen(scope: ReturnType<typeof github>, sent: Sent) {
  scope
    .get(`${R}/compare/master...${HEAD_SHA}`)
    .query({ per_page: '100' })
    .reply(200, COMPARE)
    .post(`${R}/pulls`)
    .reply(capture(sent, 'createPr', 201, listedPr(42, { body: prBody() })));
}

/** Labels that already exist: GitHub's answer shows them with their colours, so none is touched. */
function mockGoalAndPrLabels(scope: ReturnType<typeof github>, sent: Sent, prLabels: string[] = ['overnight', 'agent:claude-code']) {
  scope
    .post(`${R}/issues/${GOAL}/comments`)
    .reply(capture(sent, 'goalComment', 201, {}))
    .post(`${R}/issues/${GOAL}/labels`)
    .reply(capture(sent, 'goalLabels', 200, ['overnight', 'overnight:pr-open'].map((name) => answeredLabel(name))))
    .post(`${R}/issues/42/labels`)
    .reply(capture(sent, 'prLabels', 200, prLabels.map((name) => answeredLabel(name))));
}

describe('push to agent/*', () => {
  it('opens the PR, labels it, links the goal and builds the dashboard', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    mockOpen(scope, sent);
    // A repository that never had our labels: GitHub creates each one grey when it is first added.
    scope
      .post(`${R}/issues/${GOAL}/comments`)
      .reply(capture(sent, 'goalComment', 201, {}))
      .post(`${R}/issues/${GOAL}/labels`)
      .reply(capture(sent, 'goalLabels', 200, [answeredLabel('overnight'), answeredLabel('overnight:pr-open', true)]))
      .post(`${R}/issues/42/labels`)
      .reply(capture(sent, 'prLabels', 200, [answeredLabel('overnight'), answeredLabel('agent:claude-code', true)]))
      .patch(/\/labels\/.+$/)
      .times(2)
      .reply(async (request: Request) => {
        const name = decodeURIComponent(new URL(request.url).pathname.replace(/^.*\/labels\//, ''));
        (sent.updateLabel ??= []).push({ name, ...((await request.json()) as object) });
        return [200, {}] as const;
      });
    dashboardRefresh(scope, sent, { goals: OPEN_GOAL });

    await deliver(await testProbot(), 'push', agentPush());

    const [pr] = sent.createPr!;
    expect(pr).toMatchObject({
      title: 'Replace the hand-written retry loop with p-retry',
      head: BRANCH,
      base: 'master',
      draft: false,
      maintainer_can_modify: false,
    });
    expect(pr.body).toMatchSnapshot();
    expect(readPrMetadata(pr.body)).toMatchObject({ session: SESSION, goal: { kind: 'issue', number: GOAL }, agent: 'claude-code' });
    // Only the labels GitHub just created grey get our colour; `overnight` was already there.
    expect(sent.updateLabel).toStrictEqual([
      { name: 'overnight:pr-open', color: '0e8a16', description: 'Overnight: a pull request for this goal is open' },
      { name: 'agent:claude-code', color: 'bfdadc', description: 'Overnight: use the claude-code agent' },
    ]);
    expect(sent.goalComment![0].body).toContain('https://github.com/Codertocat/Hello-World/pull/42');
    expect(sent.goalLabels).toStrictEqual([{ labels: ['overnight:pr-open'] }]);
    expect(sent.prLabels).toStrictEqual([{ labels: ['overnight', 'agent:claude-code'] }]);
    expect(sent.createLabel!.map((label) => label.name)).toStrictEqual(['overnight:dashboard', 'overnight:running']);
    // The dashboard is made with its body, which already shows what this event did.
    const [dashboard] = sent.createIssue!;
    expect(dashboard).toMatchObject({ title: '🌙 Overnight dashboard', labels: ['overnight:dashboard'] });
    expect(dashboard.body).toContain('### PR open (1)\n\n- #12 Replace the retry loop');
    expect(dashboard.body).toMatch(/\| #42 \| #12 \| claude-code \|/);
  });

  it.each([
    ['verification failed', { verify: 'failed' as const }, []],
    ['the agent ran out of time', { outcome: 'timeout' as const }, ['overnight:partial']],
    ['a cap stopped the agent', { outcome: 'timeout' as const, stoppedBy: 'budget.maxCostPerSessionUsd' as const }, ['overnight:partial']],
    ['the change weakens the tests', { warnings: ['tests-deleted' as const] }, []],
  ])('opens a draft when %s', async (_why, overrides, extraLabels) => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    mockOpen(scope, sent);
    mockGoalAndPrLabels(scope, sent, ['overnight', 'agent:claude-code', ...extraLabels]);
    dashboardRefresh(scope, sent, { existing: { number: 100 }, goals: OPEN_GOAL });

    await deliver(await testProbot(), 'push', agentPush({ message: commitMessage(overrides) }));

    expect(sent.createPr![0].draft).toBe(true);
    expect(sent.prLabels).toStrictEqual([{ labels: ['overnight', 'agent:claude-code', ...extraLabels] }]);
  });

  it('shows cost, repairs, the test findings and the last verify failure the runner wrote in the commit', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    mockOpen(scope, sent);
    mockGoalAndPrLabels(scope, sent);
    dashboardRefresh(scope, sent, { existing: { number: 100 }, goals: OPEN_GOAL });
    const message = formatCommitMessage({
      subject: 'Make sum variadic',
      body: formatCommitBody({ summary: 'Did it.', rationale: 'Oldest goal.', findings: ['test/a.test.ts deleted'], verifyOutput: 'FAIL sum: expected 5, got 6' }),
      trailers: { ...trailers, verify: 'failed', costUsd: 0.42, tokens: 12_000, repairs: 2, warnings: ['tests-deleted'] },
    });

    await deliver(await testProbot(), 'push', agentPush({ message }));

    const [pr] = sent.createPr!;
    expect(pr.draft).toBe(true);
    expect(pr.body).toContain('| Cost | $0.42 |');
    expect(pr.body).toContain('| Repairs | 2 |');
    expect(pr.body).toContain('❌ Verification still fails after 2 repair rounds');
    expect(pr.body).toContain('FAIL sum: expected 5, got 6');
    expect(pr.body).toContain('> - ` test/a.test.ts deleted `');
    // The notes are the PR's own sections, not the agent's summary.
    expect(pr.body).toMatch(/### What the agent did\n\nDid it\.\n\n###/);
    expect(readPrMetadata(pr.body)).toMatchObject({ costUsd: 0.42, tokens: 12_000, repairs: 2, warnings: ['tests-deleted'] });
  });

  it("fills the PR's Window row and metadata from the Overnight-Window trailer", async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    mockOpen(scope, sent);
    mockGoalAndPrLabels(scope, sent);
    dashboardRefresh(scope, sent, { existing: { number: 100 }, goals: OPEN_GOAL });

    await deliver(await testProbot(), 'push', agentPush({ message: commitMessage({ window: '01:00-05:00', timezone: 'Europe/Berlin' }) }));

    const [pr] = sent.createPr!;
    expect(pr.body).toContain('| Window | 01:00-05:00 (Europe/Berlin) |');
    expect(readPrMetadata(pr.body)).toMatchObject({ window: '01:00-05:00', timezone: 'Europe/Berlin' });
  });

  it('follows the repo config: base, draft, extra labels and reviewers', async () => {
    const scope = github();
    const sent: Sent = {};
    repoConfig(scope, 'pr:\n  base: develop\n  draft: true\n  labels: [bot]\n  reviewers: [alice]\n  teamReviewers: [core]\n');
    scope
      .get(`${R}/compare/develop...${HEAD_SHA}`)
      .query({ per_page: '100' })
      .reply(200, COMPARE)
      .post(`${R}/pulls`)
      .reply(capture(sent, 'createPr', 201, listedPr(42)))
      .post(`${R}/pulls/42/requested_reviewers`)
      .reply(capture(sent, 'reviewers', 201, {}));
    // `bot` is the repository's own label: GitHub creates it grey, and grey it stays.
    mockGoalAndPrLabels(scope, sent, ['overnight', 'Agent:Claude-Code']);
    dashboardRefresh(scope, sent, { existing: { number: 100 }, goals: [issue(GOAL, ['overnight', 'overnight:recurring'])] });

    await deliver(await testProbot(), 'push', agentPush());

    expect(sent.createPr![0]).toMatchObject({ base: 'develop', draft: true });
    expect(sent.createPr![0].body).toMatch(/^Refs #12 — /);
    expect(sent.reviewers).toStrictEqual([{ reviewers: ['alice'], team_reviewers: ['core'] }]);
    expect(sent.prLabels).toStrictEqual([{ labels: ['overnight', 'agent:claude-code', 'bot'] }]);
  });

  it('still finishes the PR when a reviewer cannot be requested', async () => {
    const scope = github();
    const sent: Sent = {};
    repoConfig(scope, 'pr:\n  reviewers: [not-a-collaborator]\n');
    mockOpen(scope, sent);
    scope.post(`${R}/pulls/42/requested_reviewers`).reply(422, { message: 'Reviews may only be requested from collaborators.' });
    mockGoalAndPrLabels(scope, sent);
    dashboardRefresh(scope, sent, { existing: { number: 100 }, goals: OPEN_GOAL });

    await deliver(await testProbot(), 'push', agentPush());
    expect(sent.prLabels).toHaveLength(1);
  });

  it('opens nothing for a push without trailers', async () => {
    const scope = github();
    noRepoConfig(scope);
    recentPrs(scope, []);
    await deliver(await testProbot(), 'push', agentPush({ message: 'WIP\n\nno trailers here\n' }));
  });

  it('makes no API call for pushes to other branches, tags or deletions', async () => {
    const probot = await testProbot();
    await deliver(probot, 'push', masterPush());
    await deliver(probot, 'push', agentPush({ ref: 'refs/tags/v1' }));
    await deliver(probot, 'push', agentPush({ ref: 'refs/heads/agent/not-a-session' }));
    await deliver(probot, 'push', { ...agentPush(), deleted: true });
  });

  it('opens nothing when the branch already has a finished PR, open or closed', async () => {
    const probot = await testProbot();
    for (const state of ['open', 'closed']) {
      const scope = github();
      noRepoConfig(scope);
      recentPrs(scope, [listedPr(42, { state, labels: ['overnight'], body: prBody() })]);
      await deliver(probot, 'push', agentPush());
    }
  });

  it("asks for the branch's PRs when the newest hundred all came after the session began", async () => {
    const scope = github();
    noRepoConfig(scope);
    // A busy repository: a full page of PRs, the oldest opened well after this session started.
    const page = Array.from({ length: 100 }, (_, index) => ({
      ...listedPr(500 - index, { head: `agent/20261130-0100-${index.toString(16).padStart(6, '0')}` }),
      created_at: '2026-12-01T00:00:00Z',
    }));
    recentPrs(scope, page);
    scope
      .get(`${R}/pulls`)
      .query({ head: `${OWNER}:${BRANCH}`, state: 'all', per_page: '10' })
      .reply(200, [listedPr(42, { state: 'closed', labels: ['overnight'], body: prBody() })]);

    await deliver(await testProbot(), 'push', agentPush());
  });

  it("trusts a full page of the newest PRs that reaches back before the session's start: no listing of the branch", async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    const page = Array.from({ length: 100 }, (_, index) => ({
      ...listedPr(500 - index, { head: `agent/20261120-0100-${index.toString(16).padStart(6, '0')}` }),
      created_at: index < 99 ? '2026-11-28T00:00:00Z' : '2026-11-25T00:00:00Z',
    }));
    mockOpen(scope, sent);
    mockGoalAndPrLabels(scope, sent);
    dashboardRefresh(scope, sent, { existing: { number: 100 }, goals: OPEN_GOAL, pulls: page });

    await deliver(await testProbot(), 'push', agentPush());
    expect(sent.createPr).toHaveLength(1);
  });

  it('never opens a second PR when the same push is delivered twice', async () => {
    const probot = await testProbot();
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    mockOpen(scope, sent);
    mockGoalAndPrLabels(scope, sent);
    dashboardRefresh(scope, sent, { existing: { number: 100 }, goals: OPEN_GOAL });
    await deliver(probot, 'push', agentPush(), 'delivery-1');

    noRepoConfig(scope);
    recentPrs(scope, [listedPr(42, { labels: ['overnight', 'agent:claude-code'], body: sent.createPr![0].body })]);
    await deliver(probot, 'push', agentPush(), 'delivery-1');

    expect(sent.createPr).toHaveLength(1);
    expect(sent.goalComment).toHaveLength(1);
  });

  it('re-renders an open PR for a revision session once, and not again when the push is redelivered', async () => {
    const probot = await testProbot();
    const scope = github();
    const sent: Sent = {};
    const revision = commitMessage({ session: REVISION, agent: 'codex', durationSec: 300, verify: 'failed' });
    noRepoConfig(scope);
    scope
      .get(`${R}/compare/master...${HEAD_SHA}`)
      .query({ per_page: '100' })
      .reply(200, COMPARE)
      .get(`${R}/issues/42/comments`)
      .query({ per_page: '100' })
      .reply(200, [{ body: 'looks off, /overnight revise' }])
      .post(`${R}/issues/42/comments`)
      .reply(capture(sent, 'revisionComment', 201, {}))
      .patch(`${R}/pulls/42`)
      .reply(capture(sent, 'updatePr', 200, {}));
    dashboardRefresh(scope, sent, {
      existing: { number: 100 },
      goals: [issue(GOAL, ['overnight', 'overnight:pr-open'])],
      pulls: [listedPr(42, { labels: ['overnight', 'agent:claude-code'], body: prBody() })],
    });
    await deliver(probot, 'push', agentPush({ message: revision }), 'delivery-2');

    const [update] = sent.updatePr!;
    expect(Object.keys(update)).toStrictEqual(['body']);
    expect(update.body).toMatch(/^Closes #12 — Replace the retry loop\n/);
    expect(update.body).toContain('| Agent | codex |');
    expect(update.body).toContain('src/net.ts');
    expect(readPrMetadata(update.body)).toMatchObject({ session: REVISION, goal: { kind: 'issue', number: GOAL }, agent: 'codex', durationSec: 300, verify: 'failed' });
    expect(sent.revisionComment).toStrictEqual([{ body: `🌙 Revised by session \`${REVISION}\` (codex, verify failed)\n\n<!-- overnight:revised-${REVISION} -->` }]);
    // The dashboard shows the revision from the new body, without listing the PRs again.
    expect(sent.dashboard![0].body).toMatch(/\| #42 \| #12 \| codex \| complete \| failed \|/);

    noRepoConfig(scope);
    recentPrs(scope, [listedPr(42, { labels: ['overnight', 'agent:claude-code'], body: update.body })]);
    await deliver(probot, 'push', agentPush({ message: revision }), 'delivery-2');

    expect(sent.updatePr).toHaveLength(1);
    expect(sent.revisionComment).toHaveLength(1);
  });

  it.each([
    ['a closed overnight PR', { state: 'closed', labels: ['overnight'], body: prBody() }],
    ['an open PR that is not an overnight PR', { body: 'A human took over this branch.' }],
  ])('leaves %s alone when a new session is pushed', async (_what, pr) => {
    const scope = github();
    noRepoConfig(scope);
    recentPrs(scope, [listedPr(42, pr)]);
    await deliver(await testProbot(), 'push', agentPush({ message: commitMessage({ session: REVISION }) }));
  });

  it('adopts a PR the runner opened: labels and goal link, no second PR, no second comment', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    scope
      .get(`${R}/issues/${GOAL}/comments`)
      .query({ per_page: '100' })
      .reply(200, [{ body: 'a human' }])
      .post(`${R}/issues/${GOAL}/comments`)
      .reply(capture(sent, 'goalComment', 201, {}))
      .post(`${R}/issues/${GOAL}/labels`)
      .reply(capture(sent, 'goalLabels', 200, []))
      .post(`${R}/issues/41/labels`)
      .reply(capture(sent, 'prLabels', 200, []));
    dashboardRefresh(scope, sent, { existing: { number: 100 }, goals: OPEN_GOAL, pulls: [listedPr(41, { body: prBody() })] });

    await deliver(await testProbot(), 'push', agentPush());

    expect(sent.goalComment![0].body).toContain('<!-- overnight:pr-41 -->');
    expect(sent.prLabels).toStrictEqual([{ labels: ['overnight', 'agent:claude-code'] }]);
  });

  it('adopts without commenting again when the goal already links the PR', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    scope
      .get(`${R}/issues/${GOAL}/comments`)
      .query(true)
      .reply(200, [botComment('opened #41\n\n<!-- overnight:pr-41 -->')])
      .post(`${R}/issues/${GOAL}/labels`)
      .reply(200, [])
      .post(`${R}/issues/41/labels`)
      .reply(capture(sent, 'prLabels', 200, []));
    dashboardRefresh(scope, sent, {
      existing: { number: 100 },
      goals: [issue(GOAL, ['overnight', 'overnight:pr-open'])],
      pulls: [listedPr(41, { body: prBody() })],
    });

    await deliver(await testProbot(), 'push', agentPush());
    expect(sent.prLabels).toHaveLength(1);
  });

  it('adopts the winner when GitHub answers that a PR already exists', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    scope
      .get(`${R}/compare/master...${HEAD_SHA}`)
      .query(true)
      .reply(200, COMPARE)
      .post(`${R}/pulls`)
      .reply(422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${OWNER}:${BRANCH}.` }] })
      .get(`${R}/pulls`)
      .query({ head: `${OWNER}:${BRANCH}`, state: 'all', per_page: '10' })
      .reply(200, [listedPr(43, { body: prBody() })])
      .get(`${R}/issues/${GOAL}/comments`)
      .query(true)
      .reply(200, [])
      .post(`${R}/issues/${GOAL}/comments`)
      .reply(201, {})
      .post(`${R}/issues/${GOAL}/labels`)
      .reply(200, [])
      .post(`${R}/issues/43/labels`)
      .reply(capture(sent, 'prLabels', 200, []));
    dashboardRefresh(scope, sent, { existing: { number: 100 }, goals: OPEN_GOAL });

    await deliver(await testProbot(), 'push', agentPush());
    expect(sent.prLabels).toHaveLength(1);
  });

  it('opens a ready PR where GitHub has no drafts', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    scope
      .get(`${R}/compare/master...${HEAD_SHA}`)
      .query(true)
      .reply(200, COMPARE)
      .post(`${R}/pulls`)
      .reply(capture(sent, 'createPr', 422, { message: 'Validation Failed', errors: [{ code: 'custom', message: 'Draft pull requests are not supported in this repository.' }] }))
      .post(`${R}/pulls`)
      .reply(capture(sent, 'createPr', 201, listedPr(42)));
    mockGoalAndPrLabels(scope, sent, ['overnight', 'agent:claude-code', 'overnight:partial']);
    dashboardRefresh(scope, sent, { existing: { number: 100 }, goals: OPEN_GOAL });

    await deliver(await testProbot(), 'push', agentPush({ message: commitMessage({ outcome: 'timeout' }) }));
    expect(sent.createPr!.map((pr) => pr.draft)).toStrictEqual([true, false]);
  });

  it('opens the PR without a goal link when the goal issue is gone', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    // Not among the open goals, so it is asked for: deleted.
    scope
      .get(`${R}/issues/${GOAL}`)
      .reply(410, { message: 'This issue was deleted' })
      .get(`${R}/compare/master...${HEAD_SHA}`)
      .query(true)
      .reply(404, { message: 'Not Found' })
      .post(`${R}/pulls`)
      .reply(capture(sent, 'createPr', 201, listedPr(42)))
      .post(`${R}/issues/42/labels`)
      .reply(200, []);
    dashboardRefresh(scope, sent, { existing: { number: 100 } });

    await deliver(await testProbot(), 'push', agentPush());
    expect(sent.createPr![0].body).toMatch(/^Closes #12\n/);
    expect(sent.createPr![0].body).toContain('_No diffstat._');
  });

  it('links a goal that lost its label meanwhile, read on its own', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    scope.get(`${R}/issues/${GOAL}`).reply(200, issue(GOAL, []));
    mockOpen(scope, sent);
    mockGoalAndPrLabels(scope, sent);
    dashboardRefresh(scope, sent, { existing: { number: 100 } });

    await deliver(await testProbot(), 'push', agentPush());
    expect(sent.createPr![0].body).toMatch(/^Closes #12 — Replace the retry loop\n/);
    expect(sent.goalLabels).toStrictEqual([{ labels: ['overnight:pr-open'] }]);
  });

  it('uses defaults and reports an invalid repo config once on the dashboard', async () => {
    const scope = github();
    const sent: Sent = {};
    repoConfig(scope, 'pr:\n  draft: sometimes\n');
    mockOpen(scope, sent);
    mockGoalAndPrLabels(scope, sent);
    scope
      .get(`${R}/issues/100/comments`)
      .query({ per_page: '100' })
      .reply(200, [])
      .post(`${R}/issues/100/comments`)
      .reply(capture(sent, 'problem', 201, {}));
    dashboardRefresh(scope, sent, { existing: { number: 100 }, goals: OPEN_GOAL });

    await deliver(await testProbot(), 'push', agentPush());

    expect(sent.createPr![0].draft).toBe(false);
    expect(sent.problem![0].body).toContain('`pr.draft`');
    expect(sent.problem![0].body).toMatch(/<!-- overnight:config-problem-[0-9a-f]{12} -->$/);
  });
});
