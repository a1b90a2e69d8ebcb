import { createHash } from 'node:crypto';
import type { RepoConfig } from '../../config/index.js';
import { LABELS, hasLabel } from '../../protocol/index.js';
import { listAgentPrs } from '../prs/agent-prs.js';
import type { BotLogin } from '../bot-login.js';
import { commentOnce } from '../comment-once.js';
import { ensureLabels } from '../goals/ensure-labels.js';
import type { Octokit, Repo } from '../github.js';
import { labelNames } from '../goals/goal-issue.js';
import { summariseGoal, type GoalSummary } from './goal-summary.js';
import { DASHBOARD_TITLE, renderDashboard } from './render-dashboard.js';

export interface Dashboard {
  number: number;
  body: string;
  paused: boolean;
}

/** The repository's dashboard issue; the oldest wins if a race ever made two. */
export async function findDashboard(octokit: Octokit, repo: Repo): Promise<Dashboard | undefined> {
  const { data } = await octokit.rest.issues.listForRepo({
    ...repo,
    labels: LABELS.dashboard.name,
    state: 'open',
    sort: 'created',
    direction: 'asc',
    per_page: 10,
  });
  const issue = data.find((candidate) => !candidate.pull_request);
  if (!issue) return undefined;
  return { number: issue.number, body: issue.body ?? '', paused: hasLabel(labelNames(issue.labels), LABELS.paused.name) };
}

export async function ensureDashboard(octokit: Octokit, repo: Repo): Promise<Dashboard> {
  const found = await findDashboard(octokit, repo);
  if (found) return found;
  // The runner adds overnight:running itself, through a token that would create it grey and undescribed.
  await ensureLabels(octokit, repo, [LABELS.dashboard, LABELS.running]);
  const { data } = await octokit.rest.issues.create({
    ...repo,
    title: DASHBOARD_TITLE,
    body: 'The overnight bot fills this in.',
    labels: [LABELS.dashboard.name],
  });
  return { number: data.number, body: data.body ?? '', paused: false };
}

/**
 * Rebuilds the dashboard from GitHub state, creating it when first needed, and reports
 * a config problem there once per distinct problem. The body is only written when it changed.
 */
export async function refreshDashboard(
  octokit: Octokit,
  repo: Repo,
  input: { config: RepoConfig; problem?: string; self: BotLogin },
): Promise<Dashboard> {
  const dashboard = await ensureDashboard(octokit, repo);
  if (input.problem) {
    const hash = createHash('sha256').update(input.problem).digest('hex').slice(0, 12);
    await commentOnce(octokit, repo, dashboard.number, {
      marker: `config-problem-${hash}`,
      self: input.self,
      body: `⚠️ ${input.problem}\n\nThe bot uses the defaults until the file is fixed.`,
    });
  }
  const [goals, recentPrs] = await Promise.all([listGoals(octokit, repo, input.config.goalLabel), listAgentPrs(octokit, repo)]);
  const body = renderDashboard({
    paused: dashboard.paused,
    goals,
    recentPrs: recentPrs.slice(0, input.config.limits.recentPrs),
    ...(input.problem ? { configProblem: input.problem } : {}),
  });
  if (body !== dashboard.body) {
    await octokit.rest.issues.update({ ...repo, issue_number: dashboard.number, body });
  }
  return { ...dashboard, body };
}

/** Open goal issues (the issues API also lists PRs, which are never goals). */
export async function listGoals(octokit: Octokit, repo: Repo, goalLabel: string): Promise<GoalSummary[]> {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, labels: goalLabel, state: 'open', per_page: 100 });
  return issues
    .filter((issue) => !issue.pull_request)
    .map((issue) => summariseGoal({ number: issue.number, title: issue.title, labels: labelNames(issue.labels) }));
}
