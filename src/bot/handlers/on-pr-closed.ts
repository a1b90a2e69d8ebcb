import type { Context } from 'probot';
import { sessionIdFromRef } from '../../protocol/index.js';
import { closeAgentPr } from '../prs/close-agent-pr.js';
import { afterHandled, repoContext } from './handler-context.js';

export async function onPrClosed(context: Context<'pull_request.closed'>): Promise<void> {
  const { pull_request: pr, repository } = context.payload;
  if (sessionIdFromRef(pr.head.ref) === undefined) return;
  const { repo, loaded } = await repoContext(context);
  const result = await closeAgentPr(context.octokit, repo, {
    pr: { number: pr.number, merged: pr.merged === true, body: pr.body, headRef: pr.head.ref, baseRef: pr.base.ref },
    defaultBranch: repository.default_branch,
    config: loaded.config,
  });
  context.log.info({ pr: pr.number, result }, 'agent PR closed');
  if (result !== 'not-agent-pr') await afterHandled(context, repo, loaded);
}
