import type { Context } from 'probot';
import { hasLabel, parseCommands } from '../../protocol/index.js';
import { acknowledgeGoal } from '../goals/acknowledge-goal.js';
import { labelNames } from '../goals/goal-issue.js';
import type { BotLogin } from '../bot-login.js';
import { afterHandled, repoContext } from './handler-context.js';
import { runCommands, type CommandsInput } from '../commands/run-commands.js';
import { fromBaseRepo } from '../prs/from-base-repo.js';

/** `/overnight` commands in issue and PR comments. */
export async function onIssueComment(context: Context<'issue_comment.created'>, self: BotLogin, acknowledgeOwnGoals = false): Promise<void> {
  const { comment, issue, sender } = context.payload;
  if (!worthReading(sender.type, comment.body)) return;
  await run(context, self, acknowledgeOwnGoals, {
    body: comment.body,
    actor: { login: sender.login, type: sender.type },
    thread: {
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state === 'closed' ? 'closed' : 'open',
      labels: labelNames(issue.labels ?? []),
      ...(issue.pull_request ? await headOf(context, issue.number) : {}),
    },
    source: { kind: 'comment', id: comment.id, createdAt: comment.created_at },
  });
}

/** The same commands in the body of a pull request review (all but `revise`, which runners read from PR comments). */
export async function onReview(context: Context<'pull_request_review.submitted'>, self: BotLogin): Promise<void> {
  const { review, pull_request: pr, sender } = context.payload;
  if (!worthReading(sender.type, review.body ?? '')) return;
  await run(context, self, false, {
    body: review.body ?? '',
    actor: { login: sender.login, type: sender.type },
    thread: {
      number: pr.number,
      title: pr.title,
      body: pr.body,
      state: pr.state === 'closed' ? 'closed' : 'open',
      labels: labelNames(pr.labels),
      headRef: pr.head.ref,
      fromBaseRepo: fromBaseRepo(pr),
    },
    source: { kind: 'review', id: review.id, createdAt: review.submitted_at ?? new Date(0).toISOString() },
  });
}

async function run(
  context: Context<'issue_comment.created' | 'pull_request_review.submitted'>,
  self: BotLogin,
  acknowledgeOwnGoals: boolean,
  input: Omit<CommandsInput, 'config' | 'log' | 'self'>,
): Promise<void> {
  const repoCtx = await repoContext(context);
  const { repo, loaded } = repoCtx;
  const result = await runCommands(context.octokit, repo, { ...input, config: loaded.config, self, log: context.log, view: repoCtx.view });
  if (result.status !== 'handled') return;
  await afterHandled(context, repoCtx, self);
  const { target } = result;
  // The issue's labels after the comment's own commands: `/overnight` then `/overnight stop` made no goal.
  const madeGoal = parseCommands(input.body).some((command) => command.kind === 'goal');
  if (acknowledgeOwnGoals && madeGoal && target.kind === 'issue' && target.issue.state === 'open' && hasLabel(target.issue.labels, loaded.config.goalLabel)) {
    const posted = await acknowledgeGoal(context.octokit, repo, { issue: target.issue.number, labels: target.issue.labels, isPullRequest: false, config: loaded.config, self });
    if (posted) context.log.info({ issue: target.issue.number }, 'acknowledged the goal the /overnight command made');
  }
}

/**
 * Bots never command, and most comments hold no command: both are dropped before any
 * API call, which keeps the bot's own comments and ordinary discussion free.
 */
function worthReading(senderType: string, body: string): boolean {
  return senderType !== 'Bot' && parseCommands(body).length > 0;
}

/** Issue-comment payloads say a PR exists but not its branch and repository, which tell agent PRs apart. */
async function headOf(context: Context<'issue_comment.created'>, number: number): Promise<{ headRef: string; fromBaseRepo: boolean }> {
  const { data } = await context.octokit.rest.pulls.get(context.repo({ pull_number: number }));
  return { headRef: data.head.ref, fromBaseRepo: fromBaseRepo(data) };
}
