import type { RepoConfig } from '../../config/index.js';
import { LABELS, type OvernightCommand } from '../../protocol/index.js';
import { toAgentPrs } from '../prs/agent-prs.js';
import type { CommandResult } from './command-result.js';
import { listGoals } from '../dashboard/dashboard.js';
import type { RepoView } from '../dashboard/repo-view.js';
import type { Octokit, Repo } from '../github.js';
import type { GoalIssue } from '../goals/goal-issue.js';
import { renderGlobalStatus } from '../dashboard/render-goal-status.js';
import { issueLabels } from '../goals/issue-labels.js';

/** On the dashboard issue, pause and resume act on everything (the runner reads its label); status sums up. */
export async function applyToDashboard(command: OvernightCommand, dashboard: GoalIssue, ctx: { octokit: Octokit; repo: Repo; config: RepoConfig; view: RepoView }): Promise<CommandResult> {
  const { octokit, repo, view } = ctx;
  const labels = issueLabels(octokit, repo, dashboard, (issue) => view.noteIssue(issue));
  if (command.kind === 'pause') {
    await labels.add(LABELS.paused);
    return { accepted: true };
  }
  if (command.kind === 'resume') {
    await labels.remove(LABELS.paused.name);
    return { accepted: true };
  }
  const [goals, prs] = await Promise.all([listGoals(view), view.recentPrs().then(toAgentPrs)]);
  return {
    accepted: true,
    reply: renderGlobalStatus({ paused: labels.has(LABELS.paused.name), goals, openPrs: prs.filter((pr) => pr.state === 'open').length }),
  };
}
