import { createHash } from 'node:crypto';
import type { RepoConfig } from '../../config/index.js';
import { LABELS } from '../../protocol/index.js';
import { toAgentPrs } from '../prs/agent-prs.js';
import type { BotLogin } from '../bot-login.js';
import { commentOnce } from '../comment-once.js';
import { ensureLabels } from '../goals/ensure-labels.js';
import type { Octokit, Repo } from '../github.js';
import { summariseGoal, type GoalSummary } from './goal-summary.js';
import { DASHBOARD_TITLE, renderDashboard } from './render-dashboard.js';
import { repoView, type Dashboard, type RepoView } from './repo-view.js';

export type { Dashboard } from './repo-view.js';

/**
 * Rebuilds the dashboard from GitHub state as the event's view holds it, creating the issue when
 * first needed (its body written in the same request), and reports a config problem there once
 * per distinct problem. The body is only written when it changed.
 */
export async function refreshDashboard(
  octokit: Octokit,
  repo: Repo,
  input: { config: RepoConfig; problem?: string; self: BotLogin; view?: RepoView },
): Promise<Dashboard> {
  const view = input.view ?? repoView(octokit, repo, input.config.goalLabel);
  const [found, goals, recentPrs] = await Promise.all([view.dashboard(), listGoals(view), view.recentPrs()]);
  const body = renderDashboard({
    paused: found?.paused ?? false,
    goals,
    recentPrs: toAgentPrs(recentPrs).slice(0, input.config.limits.recentPrs),
    ...(input.problem ? { configProblem: input.problem } : {}),
  });
  let dashboard: Dashboard;
  if (!found) {
    dashboard = await createDashboard(octokit, repo, body);
  } else {
    if (body !== found.body) await octokit.rest.issues.update({ ...repo, issue_number: found.number, body });
    dashboard = { ...found, body };
  }
  view.noteDashboard(dashboard);
  if (input.problem) {
    const hash = createHash('sha256').update(input.problem).digest('hex').slice(0, 12);
    await commentOnce(octokit, repo, dashboard.number, {
      marker: `config-problem-${hash}`,
      self: input.self,
      body: `⚠️ ${input.problem}\n\nThe bot uses the defaults until the file is fixed.`,
    });
  }
  return dashboard;
}

/**
 * The first event in a repository makes its dashboard, and sets up the labels only this once:
 * the dashboard's own, and overnight:running, which the runner adds through a token that would
 * create it grey and undescribed. Every other label is coloured when GitHub first creates it.
 */
async function createDashboard(octokit: Octokit, repo: Repo, body: string): Promise<Dashboard> {
  await ensureLabels(octokit, repo, [LABELS.dashboard, LABELS.running]);
  const { data } = await octokit.rest.issues.create({ ...repo, title: DASHBOARD_TITLE, body, labels: [LABELS.dashboard.name] });
  return { number: data.number, body: data.body ?? body, paused: false };
}

/** The open goals as the dashboard and the global `status` reply show them. */
export async function listGoals(view: RepoView): Promise<GoalSummary[]> {
  return (await view.goals()).map((goal) => summariseGoal(goal));
}
