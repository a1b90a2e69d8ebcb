import type { Context } from 'probot';
import { reconcileInstallation } from '../prs/reconcile.js';

/** A new installation may already have pushed `agent/*` branches: reconcile it as at start-up. */
export async function onInstallation(context: Context<'installation.created'>): Promise<void> {
  const summary = await reconcileInstallation(context.octokit, context.log);
  context.log.info(summary, 'reconciled new installation');
}
