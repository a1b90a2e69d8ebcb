import type { Logger } from 'probot';
import { permissionAtLeast, type RepoConfig } from '../../config/index.js';
import { parseCommands } from '../../protocol/index.js';
import type { BotLogin } from '../bot-login.js';
import { applyCommand } from './apply-command.js';
import type { CommandResult } from './command-result.js';
import { commentOnce } from '../comment-once.js';
import { resolveTarget, type CommandTarget, type Thread } from './command-target.js';
import type { Octokit, Repo } from '../github.js';
import { repoView, type RepoView } from '../dashboard/repo-view.js';
import { permissionOf } from './permission.js';

export interface CommandsInput {
  body: string;
  actor: { login: string; type: string };
  thread: Thread;
  /** Issue comments get reactions; review bodies cannot have any. */
  source: { kind: 'comment' | 'review'; id: number; createdAt: string };
  config: RepoConfig;
  self: BotLogin;
  log?: Logger;
  /** The event's reading of the repository, shared with the dashboard rebuild that follows. */
  view?: RepoView;
}

export type CommandsResult =
  | { status: 'ignored-bot' | 'no-commands' }
  | { status: 'refused'; permission: string }
  | { status: 'handled'; results: CommandResult[]; target: CommandTarget };

/**
 * `/overnight` commands in a comment: bots are ignored before anything else; the
 * author's permission comes from the collaborator-permission API; nothing changes for a refused
 * author. Replies carry a marker naming their source, so a redelivery never replies twice.
 */
export async function runCommands(octokit: Octokit, repo: Repo, input: CommandsInput): Promise<CommandsResult> {
  if (input.actor.type === 'Bot') return { status: 'ignored-bot' };
  const commands = parseCommands(input.body);
  if (commands.length === 0) return { status: 'no-commands' };

  const reply = (body: string) =>
    commentOnce(octokit, repo, input.thread.number, {
      marker: `reply-${input.source.kind}-${input.source.id}`,
      body,
      since: input.source.createdAt,
      self: input.self,
    });

  const permission = await permissionOf(octokit, repo, input.actor.login);
  if (!permissionAtLeast(permission, input.config.commandPermission)) {
    input.log?.info({ actor: input.actor.login, permission }, 'refused overnight command');
    await reply(
      `@${input.actor.login}, only people with **${input.config.commandPermission}** permission or higher on this ` +
        `repository can give overnight commands (yours: ${permission}). Nothing was changed.`,
    );
    return { status: 'refused', permission };
  }

  const view = input.view ?? repoView(octokit, repo, input.config.goalLabel);
  const target = await resolveTarget(octokit, repo, input.thread, view);
  const context = { octokit, repo, config: input.config, source: input.source.kind, view };
  const results: CommandResult[] = [];
  for (const command of commands) results.push(await applyCommand(command, target, context));

  if (input.source.kind === 'comment') {
    if (results.some((result) => result.accepted)) await react(octokit, repo, input.source.id, '+1');
    if (results.some((result) => !result.accepted)) await react(octokit, repo, input.source.id, 'confused');
  }
  const replies = results.flatMap((result) => (result.reply ? [result.reply] : []));
  if (replies.length > 0) await reply(replies.join('\n\n---\n\n'));
  return { status: 'handled', results, target };
}

async function react(octokit: Octokit, repo: Repo, commentId: number, content: '+1' | 'confused'): Promise<void> {
  // GitHub answers 200 instead of 201 for a reaction that already exists: redelivery-safe.
  await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content });
}
