import type { RepoConfig } from '../../config/index.js';
import { LABELS, hasLabel } from '../../protocol/index.js';
import type { BotLogin } from '../bot-login.js';
import { commentOnce } from '../comment-once.js';
import type { Octokit, Repo } from '../github.js';

const ACK_MARKER = 'goal-ack';

/**
 * The one comment a new goal gets: what happens next and how to steer it. The hidden marker finds
 * an earlier acknowledgement, so relabelling or a redelivery does not repeat it.
 */
export async function acknowledgeGoal(
  octokit: Octokit,
  repo: Repo,
  input: { issue: number; labels: string[]; isPullRequest: boolean; config: RepoConfig; self: BotLogin },
): Promise<boolean> {
  if (input.isPullRequest || hasLabel(input.labels, LABELS.dashboard.name)) return false;
  const { commandPermission } = input.config;
  const body = [
    '🌙 **This issue is now an overnight goal.**',
    '',
    'In its next night window, a runner picks goals by priority and then oldest first, lets a coding agent work on one in an ' +
      'isolated worktree, verifies the result and pushes it; a pull request that links back here follows.',
    '',
    `Steer it by commenting (people with **${commandPermission}** permission or higher): ` +
      '`/overnight pause` · `/overnight resume` · `/overnight stop` · `/overnight agent codex` · ' +
      '`/overnight priority high` · `/overnight status` · `/overnight help`.',
    '',
    `Only text written by people with ${commandPermission} permission or higher reaches the agent.`,
  ].join('\n');
  return commentOnce(octokit, repo, input.issue, { marker: ACK_MARKER, body, self: input.self });
}
