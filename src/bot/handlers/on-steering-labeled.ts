import type { Context } from 'probot';
import { isSteeringLabel } from '../../protocol/index.js';
import type { BotLogin } from '../bot-login.js';
import { guardSteeringLabel } from '../commands/guard-steering-label.js';
import { repoContext } from './handler-context.js';

/** `issues.labeled` and `pull_request.labeled` with a steering label: kept only from those who may steer. */
export async function onSteeringLabeled(context: Context<'issues.labeled' | 'pull_request.labeled'>, self: BotLogin): Promise<void> {
  const { label, sender } = context.payload;
  // Labels the bot sets (for every PR it finishes, and for commands) cost no API call at all.
  if (!label || !isSteeringLabel(label.name) || sender.type === 'Bot') return;
  const thread = 'issue' in context.payload ? context.payload.issue : context.payload.pull_request;
  const repoCtx = await repoContext(context);
  const { repo, loaded } = repoCtx;
  const result = await guardSteeringLabel(context.octokit, repo, {
    number: thread.number,
    label: label.name,
    sender,
    config: loaded.config,
    self,
    since: thread.updated_at,
    log: context.log,
  });
  context.log.info({ number: thread.number, label: label.name, actor: sender.login, result }, 'steering label');
}
