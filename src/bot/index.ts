import { overnightApp } from './app.js';

export { overnightApp, type OvernightAppOptions } from './app.js';
export { startBot, unthrottledOctokit, type StartBotOptions, type RunningBot } from './start-bot.js';
export { openAgentPr, type OpenPrResult } from './prs/open-agent-pr.js';
export type { AgentPush } from './prs/agent-push.js';
export { runAction, ACTIONS_BOT_LOGIN, type RunActionOptions, type ActionOutcome } from './action/run-action.js';
export { ActionSetupError } from './action/actions-env.js';
export { actionsLogger } from './action/actions-log.js';
export { checkWebhookSecret, botEnvironment, PROBOT_DEFAULT_SECRET, type SecretCheck } from './webhook-secret.js';
export { reconcileAll, reconcileInstallation, reconcileRepo, type ReconcileSummary } from './prs/reconcile.js';

/** For `probot run lib/bot/index.js`: the app with its defaults. */
export default overnightApp();
