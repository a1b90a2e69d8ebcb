import type { Context } from 'probot';
import { sessionIdFromRef } from '../../protocol/index.js';
import { closeAgentPr } from '../prs/close-agent-pr.js';
import type { BotLogin } from '../bot-login.js';
import { fromBaseRepo } from '../prs/from-base-repo.js';
import { afterHandled, repoContext } from './handler-context.js';

export async function onPrClosed(context: Context<'pull_request.closed'>, self: BotLogin): Promise<void> {
  const { pull_request: pr, repository } = context.payload;
  // A fork's PR from a branch named `agent/...` is someone else's: not even the config is read.
  if (sessionIdFromRef(pr.head.ref) === undefined || !fromBaseRepo(pr)) return;
  const repoCtx = await repoContext(context);
  const { repo, loaded } = repoCtx;
  const result = await closeAgentPr(context.octokit, repo, {
    pr: { number: pr.number, merged: pr.merged === true, body: pr.body, headRef: pr.head.ref, baseRef: pr.base.ref, fromBaseRepo: true },
    defaultBranch: repository.default_branch,
    config: loaded.config,
    self,
    view: repoCtx.view,
  });
  context.log.info({ pr: pr.number, result }, 'agent PR closed');
  if (result !== 'not-agent-pr') await afterHandled(context, repoCtx, self);
}
