import type { Context } from 'probot';
import { sessionIdFromRef } from '../../protocol/index.js';
import type { BotLogin } from '../bot-login.js';
import { afterHandled, repoContext } from './handler-context.js';
import { openAgentPr } from '../prs/open-agent-pr.js';

export async function onPush(context: Context<'push'>, self: BotLogin): Promise<void> {
  const { payload } = context;
  if (payload.deleted || sessionIdFromRef(payload.ref) === undefined) return;
  const repoCtx = await repoContext(context);
  const { repo, loaded } = repoCtx;
  const result = await openAgentPr(context.octokit, repo, {
    ref: payload.ref,
    sha: payload.after,
    ...(payload.head_commit ? { message: payload.head_commit.message } : {}),
    defaultBranch: payload.repository.default_branch ?? payload.repository.master_branch ?? 'main',
    config: loaded.config,
    self,
    log: context.log,
  }, repoCtx.view);
  context.log.info({ ref: payload.ref, result }, 'agent push');
  if (result.status === 'opened' || result.status === 'adopted' || result.status === 'revised') await afterHandled(context, repoCtx, self);
}
