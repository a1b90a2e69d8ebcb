import type { Actor } from './http/app-auth.js';
import type { BareRemote } from './git/bare-remote.js';
import { githubTime, type Repository, type WebhookPayload } from './shapes/github-types.js';
import { notFound } from './http/http-error.js';
import type { ShapeContext } from './shapes/issue.js';
import { repository, type RepositoryFacts } from './shapes/repository.js';
import { nodeId, simpleUser } from './shapes/user.js';
import type { IssueRecord, SandboxRecords } from './state/records.js';
import type { SandboxUrls } from './http/urls.js';
import type { Delivery, WebhookDeliverer } from './http/webhook-deliverer.js';

/** Everything the sandbox's handlers share: state, the remote, the clock and the webhook line. */
export interface SandboxEnv extends ShapeContext {
  urls: SandboxUrls;
  records: SandboxRecords;
  remote: BareRemote;
  deliverer: WebhookDeliverer;
  now: () => Date;
  appId: number;
  appSlug: string;
  installationId: number;
  defaultBranch: string;
  repoId: number;
  createdAt: Date;
  pushedAt: Date;
}

export function botLogin(env: SandboxEnv): string {
  return `${env.appSlug}[bot]`;
}

/** The login a request acts as; an App JWT never writes, so it has none. */
export function actorLogin(env: SandboxEnv, actor: Actor): string {
  if (actor.kind === 'user' || actor.kind === 'installation') return actor.login;
  return botLogin(env);
}

export function repositoryFacts(env: SandboxEnv): RepositoryFacts {
  return {
    id: env.repoId,
    owner: simpleUser(env.urls, env.records.user(env.urls.owner)),
    defaultBranch: env.defaultBranch,
    createdAt: githubTime(env.createdAt),
    pushedAt: githubTime(env.pushedAt),
    openIssues: [...env.records.issues.values()].filter((issue) => issue.state === 'open').length,
  };
}

export function repositoryShape(env: SandboxEnv): Repository {
  return repository(env.urls, repositoryFacts(env));
}

/** Sends `event` with the fields every webhook to an App carries: repository, sender, installation. */
export function emit(env: SandboxEnv, event: string, sender: string, payload: WebhookPayload): Delivery {
  return env.deliverer.emit(event, {
    ...payload,
    // Webhooks carry the repository with its custom properties (none here), unlike REST answers.
    repository: payload.repository ?? { ...repositoryShape(env), custom_properties: {} },
    sender: simpleUser(env.urls, env.records.user(sender)),
    installation: { id: env.installationId, node_id: nodeId('Installation', env.installationId) },
  });
}

export function findIssue(env: SandboxEnv, number: number | string): IssueRecord {
  const issue = env.records.issues.get(Number(number));
  if (!issue) throw notFound();
  return issue;
}
