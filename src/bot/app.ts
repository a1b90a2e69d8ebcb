import type { ApplicationFunction, Probot } from 'probot';
import { onIssueComment, onReview } from './handlers/on-comment.js';
import { onGoalLabeled } from './handlers/on-goal-labeled.js';
import { onInstallation } from './handlers/on-installation.js';
import { onPrClosed } from './handlers/on-pr-closed.js';
import { onPush } from './handlers/on-push.js';
import { reconcileAll, type ReconcileSummary } from './prs/reconcile.js';

export interface OvernightAppOptions {
  /** Reconcile every installation when the app loads (default true). */
  reconcileOnStart?: boolean;
  /** Receives the reconciliation's promise, e.g. to await it in tests or report it. */
  onReconcile?: (done: Promise<ReconcileSummary>) => void;
  /**
   * The login the bot's own comments carry, where GitHub cannot be asked: a GitHub Actions token
   * comments as `github-actions[bot]` and cannot read its own identity (`GET /app` wants an App JWT).
   */
  botLogin?: string;
}

/** The overnight GitHub App: every handler is stateless; GitHub is the state. */
export function overnightApp(options: OvernightAppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    app.on('push', onPush);
    app.on('issue_comment.created', onIssueComment);
    app.on('pull_request_review.submitted', onReview);
    app.on('issues.labeled', onGoalLabeled);
    app.on('pull_request.closed', onPrClosed);
    app.on('installation.created', onInstallation);
    if (options.reconcileOnStart !== false) {
      const done = reconcileAll(app);
      // Logged, never thrown: a failed reconciliation must not take the webhook server down.
      done.catch((error: unknown) => app.log.error({ err: error }, 'start-up reconciliation failed'));
      options.onReconcile?.(done);
    }
  };
}

