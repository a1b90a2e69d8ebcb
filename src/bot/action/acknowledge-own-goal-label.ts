import type { Logger } from 'probot';
import { hasLabel, parseCommands } from '../../protocol/index.js';
import { acknowledgeGoal } from '../goals/acknowledge-goal.js';
import { labelNames } from '../goals/goal-issue.js';
import type { BotLogin } from '../bot-login.js';
import type { Octokit, Repo } from '../github.js';
import { fetchRepoConfig, readRepoConfigOrDefaults } from '../repo-config.js';

/** The parts of an `issue_comment.created` payload this step reads. */
interface CommentPayload {
  issue?: { number?: number; pull_request?: unknown };
  comment?: { body?: string };
  sender?: { type?: string };
}

/**
 * GitHub starts no workflow for what a workflow's own token does, so the goal label that
 * `/overnight` makes the bot add never comes back as an `issues.labeled` run, and the new goal
 * would miss the acknowledgement a server-run bot gives it. After such a comment was handled, the
 * issue is read again: if it is a goal now, it gets the acknowledgement (once, by its marker).
 */
export async function acknowledgeOwnGoalLabel(octokit: Octokit, repo: Repo, payload: CommentPayload, self: BotLogin, log: Logger): Promise<boolean> {
  const number = payload.issue?.number;
  if (number === undefined || payload.issue?.pull_request || payload.sender?.type === 'Bot') return false;
  if (!parseCommands(payload.comment?.body ?? '').some((command) => command.kind === 'goal')) return false;

  const { config } = await readRepoConfigOrDefaults(() => fetchRepoConfig(octokit, repo));
  const { data: issue } = await octokit.rest.issues.get({ ...repo, issue_number: number });
  const labels = labelNames(issue.labels);
  // Not a goal now: the author lacked the permission, or someone stopped it meanwhile.
  if (issue.state !== 'open' || !hasLabel(labels, config.goalLabel)) return false;
  const posted = await acknowledgeGoal(octokit, repo, { issue: number, labels, isPullRequest: false, config, self });
  if (posted) log.info({ issue: number }, 'acknowledged the goal the /overnight command made');
  return posted;
}
