import { ZERO_SHA, type BareRemote } from './bare-remote.js';
import type { Repository, SimpleUser, WebhookPayload } from '../shapes/github-types.js';
import { repoWeb, type SandboxUrls } from '../http/urls.js';

export interface RefUpdate {
  before: string;
  after: string;
  ref: string;
}

export interface PushContext {
  remote: BareRemote;
  urls: SandboxUrls;
  repository: Repository;
  pusher: SimpleUser;
  /** Logins of known users, so a commit author whose name is a login gets a `username`. */
  isLogin: (name: string) => boolean;
}

/**
 * A `push` webhook body as GitHub builds it (see `@octokit/webhooks-examples` push.payload.json):
 * the commits new to the repository, each with its files; `head_commit` with its full message.
 * The `sender`, `installation` fields are added by the caller like every other event's.
 */
export async function pushPayload(update: RefUpdate, context: PushContext): Promise<WebhookPayload> {
  const { remote, urls } = context;
  const created = update.before === ZERO_SHA;
  const deleted = update.after === ZERO_SHA;
  const ids = deleted ? [] : await remote.commitsBetween(update.after, await excludedTips(remote, update, created));
  const commits = await Promise.all(ids.map((sha) => commitEntry(sha, context)));
  const headCommit = deleted ? null : (commits.at(-1) ?? (await commitEntry(update.after, context)));
  const forced = !created && !deleted && !(await remote.isAncestor(update.before, update.after));
  const web = repoWeb(urls);
  return {
    ref: update.ref,
    before: update.before,
    after: update.after,
    created,
    deleted,
    forced,
    base_ref: null,
    compare: created
      ? `${web}/compare/${update.ref.replace(/^refs\/heads\//, '')}`
      : `${web}/compare/${update.before.slice(0, 12)}...${update.after.slice(0, 12)}`,
    commits,
    head_commit: headCommit,
    repository: pushRepository(context.repository),
    pusher: { name: context.pusher.login, email: `${context.pusher.login}@users.noreply.${new URL(urls.web).host}` },
  };
}

/** What the pushed commits are measured against: the old tip, or for a new ref every other branch. */
async function excludedTips(remote: BareRemote, update: RefUpdate, created: boolean): Promise<string[]> {
  if (!created) return [update.before];
  const others = await remote.refs('refs/heads/');
  return others.filter((other) => other.ref !== update.ref).map((other) => other.sha);
}

async function commitEntry(sha: string, context: PushContext): Promise<Record<string, unknown>> {
  const info = await context.remote.commit(sha);
  const files = await context.remote.changedFiles(sha);
  const person = (who: { name: string; email: string }) => ({
    name: who.name,
    email: who.email,
    ...(context.isLogin(who.name) && { username: who.name }),
  });
  const paths = (status: string) => files.filter((file) => file.status === status).map((file) => file.path);
  return {
    id: info.sha,
    tree_id: info.tree,
    distinct: true,
    message: info.message,
    timestamp: info.author.date,
    url: `${repoWeb(context.urls)}/commit/${info.sha}`,
    author: person(info.author),
    committer: person(info.committer),
    added: paths('added'),
    removed: paths('removed'),
    modified: paths('modified'),
  };
}

/** Push payloads carry the repository with unix timestamps and `stargazers`/`master_branch`. */
function pushRepository(repository: Repository): Record<string, unknown> {
  const unix = (iso: string | null) => (iso === null ? null : Math.floor(Date.parse(iso) / 1000));
  return {
    ...repository,
    owner: { ...repository.owner, name: repository.owner.login, email: null },
    created_at: unix(repository.created_at),
    pushed_at: unix(repository.pushed_at),
    stargazers: repository.stargazers_count,
    master_branch: repository.default_branch,
  };
}
