import type { Context } from 'probot';
import type { BotLogin } from '../bot-login.js';
import { reconcileInstallation } from '../prs/reconcile.js';

/** A new installation may already have pushed `agent/*` branches: reconcile it as at start-up. */
export async function onInstallation(context: Context<'installation.created'>, self: BotLogin): Promise<void> {
  const summary = await reconcileInstallation(context.octokit, context.log, self);
  context.log.info(summary, 'reconciled new installation');
}
