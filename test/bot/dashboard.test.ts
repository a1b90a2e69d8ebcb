import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { repoConfigSchema } from '../../src/config/repo-config.js';
import { refreshDashboard } from '../../src/bot/dashboard/dashboard.js';
import { renderDashboard } from '../../src/bot/dashboard/render-dashboard.js';
import { summariseGoal } from '../../src/bot/dashboard/goal-summary.js';
import { R, capture, github, issue, listedPr, type Sent } from './github-mock.js';
import { OWNER, REPO, metadata, prBody } from './payloads.js';
import { BOT_LOGIN, quietOctokit, useNock } from './probot.js';

const self = () => Promise.resolve(BOT_LOGIN);

useNock();

const goals = [
  summariseGoal({ number: 12, title: 'Replace the retry loop', labels: ['overnight', 'overnight:running', 'agent:codex'] }),
  summariseGoal({ number: 15, title: 'Low-priority cleanup', labels: ['overnight', 'priority:low'] }),
  summariseGoal({ number: 14, title: 'Fix | pipes in titles', labels: ['overnight'] }),
  summariseGoal({ number: 20, title: 'Urgent: flaky test', labels: ['overnight', 'priority:high'] }),
  summariseGoal({ number: 9, title: 'Nightly dependency bumps', labels: ['overnight', 'overnight:recurring', 'overnight:pr-open'] }),
  summariseGoal({ number: 7, title: 'On hold', labels: ['overnight', 'overnight:paused'] }),
];

const recentPrs = [
  { number: 41, title: 'a', url: 'u', state: 'open' as const, draft: true, createdAt: '2026-11-28T01:00:00Z', metadata: { ...metadata, outcome: 'timeout' as const } },
  { number: 40, title: 'b', url: 'u', state: 'merged' as const, draft: false, createdAt: '2026-11-27T01:00:00Z', metadata: { ...metadata, goal: { kind: 'config' as const, index: 0 }, costUsd: 0.4213 } },
];

describe('renderDashboard', () => {
  it('renders every section, queue in work order, and recent PRs', () => {
    expect(renderDashboard({ paused: false, goals, recentPrs })).toMatchSnapshot();
  });

  it('says when everything is paused and when the config has a problem', () => {
    const body = renderDashboard({ paused: true, goals: [], recentPrs: [], configProblem: 'bad' });
    expect(body).toContain('**⏸ Paused for every goal.**');
    expect(body).toContain('has a problem, so defaults apply');
    expect(body).toContain('_Nothing queued. Label an issue `overnight` to add a goal._');
  });

  it('lists queued goals high priority first, then oldest first', () => {
    const body = renderDashboard({ paused: false, goals, recentPrs: [] });
    const queued = body.split('### Queued')[1]!.split('###')[0]!;
    expect([...queued.matchAll(/#(\d+)/g)].map((m) => Number(m[1]))).toStrictEqual([20, 14, 15]);
  });
});

describe('refreshDashboard', () => {
  const octokit = () => new (quietOctokit())({ auth: 'test-token', log: pino({ level: 'silent' }) } as never);
  const repo = { owner: OWNER, repo: REPO };
  const config = repoConfigSchema.parse({ limits: { recentPrs: 1 } });

  it('does not write a body that has not changed', async () => {
    const body = renderDashboard({ paused: false, goals: [], recentPrs: [] });
    github()
      .get(`${R}/issues`)
      .query(true)
      .reply(200, [issue(100, ['overnight:dashboard'], { body })])
      .get(`${R}/issues`)
      .query(true)
      .reply(200, [])
      .get(`${R}/pulls`)
      .query(true)
      .reply(200, []);
    const dashboard = await refreshDashboard(octokit(), repo, { config, self });
    expect(dashboard.number).toBe(100);
  });

  it('keeps only agent PRs with metadata, at most limits.recentPrs of them, and skips PRs in the goal list', async () => {
    const sent: Sent = {};
    github()
      .get(`${R}/issues`)
      .query(true)
      .reply(200, [issue(100, ['overnight:dashboard'])])
      .get(`${R}/issues`)
      .query(true)
      .reply(200, [issue(12, ['overnight']), { ...issue(41, ['overnight']), pull_request: {} }])
      .get(`${R}/pulls`)
      .query(true)
      .reply(200, [
        listedPr(50, { head: 'feature/x', body: prBody() }),
        listedPr(49, { body: 'no metadata' }),
        listedPr(41, { body: prBody(), merged: true, state: 'closed' }),
        listedPr(40, { body: prBody() }),
      ])
      .patch(`${R}/issues/100`)
      .reply(capture(sent, 'dashboard', 200, {}));
    await refreshDashboard(octokit(), repo, { config, self });
    const body = sent.dashboard![0].body as string;
    expect(body).toContain('### Queued (1)');
    expect(body).toContain('| #41 | #12 | claude-code | complete | passed | — | merged |');
    expect(body).not.toContain('| #40 ');
    expect(body).not.toContain('| #50 ');
  });
});
