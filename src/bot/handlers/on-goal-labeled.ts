import type { Context } from 'probot';
import { LABELS, labelDef } from '../../protocol/index.js';
import { acknowledgeGoal } from '../goals/acknowledge-goal.js';
import { labelNames } from '../goals/goal-issue.js';
import type { BotLogin } from '../bot-login.js';
import { afterHandled, repoContext } from './handler-context.js';

/**
 * `issues.labeled` with the goal label. Not filtered on bots: `/overnight` makes the app add the
 * label itself, and that goal deserves its acknowledgement too (the marker keeps it to one).
 */
export async function onGoalLabeled(context: Context<'issues.labeled'>, self: BotLogin): Promise<void> {
  const { issue, label } = context.payload;
  // The bot's own state labels (pr-open, paused, agent:*, ...) never mark a goal: skip the config read.
  if (!label || (labelDef(label.name) !== undefined && label.name.toLowerCase() !== LABELS.goal.name)) return;
  const repoCtx = await repoContext(context);
  const { repo, loaded } = repoCtx;
  if (label.name.toLowerCase() !== loaded.config.goalLabel.toLowerCase()) return;
  await acknowledgeGoal(context.octokit, repo, {
    issue: issue.number,
    labels: labelNames(issue.labels ?? []),
    isPullRequest: Boolean(issue.pull_request),
    config: loaded.config,
    self,
  });
  await afterHandled(context, repoCtx, self);
}
