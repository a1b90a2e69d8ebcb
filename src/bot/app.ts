import type { ApplicationFunction, Probot } from 'probot';
import { botLoginOf } from './bot-login.js';
import { onIssueComment, onReview } from './handlers/on-comment.js';
import { onGoalLabeled } from './handlers/on-goal-labeled.js';
import { onInstallation } from './handlers/on-installation.js';
import { onPrClosed } from './handlers/on-pr-closed.js';
import { onPush } from './handlers/on-push.js';
import { onSteeringLabeled } from './handlers/on-steering-labeled.js';
import { reconcileAll, type ReconcileSummary } from './prs/reconcile.js';

export interface OvernightAppOptions {
  /** Reconcile every installation when the app loads (default true). */
  reconcileOnStart?: boolean;
  /** Receives the reconciliation's promise, e.g. to await it in tests or report it. */
  onReconcile?: (done: Promise<ReconcileSummary>) => void;
  /**
   * The login the bot's own comments carry (`<slug>[bot]`), when it is known; otherwise it is asked
   * of GitHub once, when first needed. A GitHub Actions token comments as `github-actions[bot]` and
   * cannot read its own identity (`GET /app` wants an App JWT), so the action passes it.
   */
  botLogin?: string;
  /**
   * Acknowledge a goal that `/overnight` made in the comment's own handling. Needed where the bot's
   * own label starts no event: GitHub starts no workflow for what a workflow's token does, so in
   * Actions the `issues.labeled` that acknowledges a goal on a server never comes.
   */
  acknowledgeOwnGoals?: boolean;
}

/** The overnight GitHub App: every handler is stateless; GitHub is the state. */
export function overnightApp(options: OvernightAppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const self = botLoginOf(app, options.botLogin);
    app.on('push', (context) => onPush(context, self));
    app.on('issue_comment.created', (context) => onIssueComment(context, self, options.acknowledgeOwnGoals ?? false));
    app.on('pull_request_review.submitted', (context) => onReview(context, self));
    app.on('issues.labeled', (context) => onGoalLabeled(context, self));
    app.on(['issues.labeled', 'pull_request.labeled'], (context) => onSteeringLabeled(context, self));
    app.on('pull_request.closed', (context) => onPrClosed(context, self));
    app.on('installation.created', (context) => onInstallation(context, self));
    if (options.reconcileOnStart !== false) {
      const done = reconcileAll(app, self);
      // Logged, never thrown: a failed reconciliation must not take the webhook server down.
      done.catch((error: unknown) => app.log.error({ err: error }, 'start-up reconciliation failed'));
      options.onReconcile?.(done);
    }
  };
}
