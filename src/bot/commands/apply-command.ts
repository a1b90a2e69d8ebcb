import type { CommandResult } from './command-result.js';
import type { RepoConfig } from '../../config/index.js';
import { LABELS, formatGoalRef, hasLabel, renderHelp, type LabelDef, type OvernightCommand } from '../../protocol/index.js';
import { toAgentPrs } from '../prs/agent-prs.js';
import type { CommandTarget } from './command-target.js';
import type { RepoView } from '../dashboard/repo-view.js';
import { applyToDashboard } from './dashboard-commands.js';
import type { Octokit, Repo } from '../github.js';
import type { GoalIssue } from '../goals/goal-issue.js';
import { attemptsFor, renderGoalStatus } from '../dashboard/render-goal-status.js';
import { issueLabels } from '../goals/issue-labels.js';
import { requeue, setLabel } from './label-commands.js';

export interface CommandContext {
  octokit: Octokit;
  repo: Repo;
  config: RepoConfig;
  /** Runners read `revise` from PR comments, so a review body cannot carry it. */
  source: 'comment' | 'review';
  /** The event's reading of the repository: replies read it, label edits are noted in it. */
  view: RepoView;
}

type GoalCommand = Exclude<OvernightCommand, { kind: 'help' | 'unknown' }>;

const DASHBOARD_COMMANDS = new Set(['pause', 'resume', 'status', 'help']);

/**
 * Applies one permitted command to its target. State lives in labels: on the goal
 * issue, and for an overnight PR also on the PR itself, which is where runners look before
 * revising it (pause, agent, priority).
 */
export async function applyCommand(command: OvernightCommand, target: CommandTarget, ctx: CommandContext): Promise<CommandResult> {
  const help = renderHelp({ permission: ctx.config.commandPermission, goalLabel: ctx.config.goalLabel });
  if (command.kind === 'help') return { accepted: true, reply: help };
  if (command.kind === 'unknown') return { accepted: false, reply: `\`${command.text}\`: ${command.reason}.\n\n${help}` };

  switch (target.kind) {
    case 'other-pr':
      return refuse('This pull request was not opened by overnight, so there is nothing to steer here.');
    case 'dashboard':
      if (!DASHBOARD_COMMANDS.has(command.kind)) {
        return refuse(`\`${command.kind}\` acts on one goal; on the dashboard only pause, resume, status and help work.`);
      }
      return applyToDashboard(command, target.issue, ctx);
    case 'issue':
      if (command.kind === 'revise') return refuse('`revise` works on a pull request opened by overnight.');
      return applyToGoal(command, target.issue, ctx);
    case 'agent-pr':
      return applyToAgentPr(command, target, ctx);
  }
}

async function applyToGoal(command: GoalCommand, goal: GoalIssue, ctx: CommandContext): Promise<CommandResult> {
  const { octokit, repo, config } = ctx;
  const labels = issueLabels(octokit, repo, goal, (issue) => ctx.view.noteIssue(issue));
  const goalLabel: LabelDef = { ...LABELS.goal, name: config.goalLabel };
  if (command.kind === 'goal') {
    await labels.add(goalLabel);
    return { accepted: true };
  }
  if (command.kind === 'retry') {
    await requeue(octokit, repo, goal, labels, goalLabel);
    return { accepted: true };
  }
  if (command.kind === 'status') return { accepted: true, reply: await goalStatus(goal, ctx) };
  if (!labels.has(config.goalLabel)) {
    return refuse(`#${goal.number} is not an overnight goal. Comment \`/overnight\` on it to make it one.`);
  }
  if (command.kind === 'stop') {
    await labels.remove(config.goalLabel);
    return { accepted: true };
  }
  if (command.kind === 'revise') return refuse('`revise` works on a pull request opened by overnight.');
  await setLabel(command, labels);
  return { accepted: true };
}

async function applyToAgentPr(
  command: GoalCommand,
  target: Extract<CommandTarget, { kind: 'agent-pr' }>,
  ctx: CommandContext,
): Promise<CommandResult> {
  const { pr, goal, metadata } = target;
  const prLabels = issueLabels(ctx.octokit, ctx.repo, pr);
  const staticGoal = `This PR's goal \`${formatGoalRef(metadata.goal)}\` is ${
    metadata.goal.kind === 'config' ? 'a static goal of the runner config; steer it there' : 'an issue that no longer exists'
  }.`;
  switch (command.kind) {
    case 'goal':
      return refuse('A pull request cannot be a goal: comment `/overnight` on an issue.');
    case 'revise':
      if (ctx.source === 'review') {
        return refuse('Write `/overnight revise ...` as a comment on the pull request: runners read revisions from PR comments, not from reviews.');
      }
      if (pr.state !== 'open') return refuse('`revise` needs the pull request to be open.');
      // The runner reads this very comment and pushes the revision onto the PR's branch.
      return prLabels.has(LABELS.paused.name)
        ? { accepted: true, reply: 'Noted, but this PR is paused: comment `/overnight resume` so a runner can revise it.' }
        : { accepted: true };
    case 'pause':
    case 'resume':
    case 'agent':
    case 'priority':
      await setLabel(command, prLabels);
      return goal && hasLabel(goal.labels, ctx.config.goalLabel) ? applyToGoal(command, goal, ctx) : { accepted: true };
    case 'stop':
    case 'retry':
      return goal ? applyToGoal(command, goal, ctx) : refuse(staticGoal);
    case 'status':
      return goal
        ? { accepted: true, reply: await goalStatus(goal, ctx) }
        : { accepted: true, reply: `This PR worked on \`${formatGoalRef(metadata.goal)}\` (session \`${metadata.session}\`, ${metadata.outcome}, verify ${metadata.verify}).` };
  }
}

async function goalStatus(goal: GoalIssue, ctx: CommandContext): Promise<string> {
  const [prs, dashboard] = await Promise.all([ctx.view.recentPrs(), ctx.view.dashboard()]);
  return renderGoalStatus({
    issue: goal,
    goalLabel: ctx.config.goalLabel,
    attempts: attemptsFor(toAgentPrs(prs), goal.number),
    globallyPaused: dashboard?.paused ?? false,
    ...(dashboard ? { dashboard: dashboard.number } : {}),
  });
}

function refuse(reply: string): CommandResult {
  return { accepted: false, reply };
}
