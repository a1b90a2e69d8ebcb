import type { Schema } from '../shapes/github-types.js';
import type { MachineFacts } from '../standins/machine-facts.js';
import type { SandboxEnv } from '../sandbox-env.js';
import { comment, issue, label } from '../shapes/issue.js';
import { isPull, pullRequest } from '../shapes/pull.js';
import type { ReactionContent, ReactionSubject } from './records.js';
import type { DeliveryAttempt } from '../http/webhook-deliverer.js';

export interface DeliverySummary {
  id: string;
  event: string;
  action?: string;
  attempts: DeliveryAttempt[];
}

/** Everything that happened in the sandbox, in GitHub's shapes, for tests and the demo to read. */
export interface SandboxSnapshot {
  issues: Array<Schema<'issue'>>;
  pulls: Array<Schema<'pull-request'>>;
  comments: Array<Schema<'issue-comment'>>;
  labels: Array<Schema<'label'>>;
  reactions: Array<{ subject: ReactionSubject; content: ReactionContent; user: string }>;
  refs: Array<{ ref: string; sha: string }>;
  deliveries: DeliverySummary[];
  facts: MachineFacts;
}

export async function snapshot(env: SandboxEnv, facts: MachineFacts): Promise<SandboxSnapshot> {
  const records = [...env.records.issues.values()].sort((a, b) => a.number - b.number);
  return {
    issues: records.map((record) => issue(env, record)),
    pulls: await Promise.all(records.filter(isPull).map((record) => pullRequest(env, record))),
    comments: [...env.records.comments.values()].map((record) => comment(env, record)),
    labels: [...env.records.labels.values()].map((record) => label(env, record)),
    reactions: env.records.reactions.map(({ subject, content, user }) => ({ subject, content, user })),
    refs: await env.remote.refs('refs/'),
    deliveries: env.deliverer.list().map(({ id, event, action, attempts }) => ({ id, event, ...(action && { action }), attempts: [...attempts] })),
    facts,
  };
}
