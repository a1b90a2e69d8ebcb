import { HttpError, unprocessable, validationFailed } from '../http/http-error.js';
import { createIssue, emitIssueEvent, setState } from './issue-actions.js';
import { announceRefUpdates } from '../git/ref-events.js';
import type { SandboxEnv } from '../sandbox-env.js';
import { pullFigures, isPull } from '../shapes/pull.js';
import { simpleUser } from '../shapes/user.js';
import { githubTime } from '../shapes/github-types.js';
import type { IssueRecord, PullRecord } from './records.js';

export interface NewPull {
  title: string;
  head: string;
  base: string;
  body?: string | null;
  draft?: boolean;
  maintainer_can_modify?: boolean;
}

/** `head` is `branch` or `owner:branch`; an owner other than the repository's names a fork's branch. */
export function parseHead(env: SandboxEnv, head: string): { owner: string; branch: string } {
  const [owner, ...rest] = head.split(':');
  if (rest.length === 0 || !owner) return { owner: env.urls.owner, branch: head };
  const own = owner.toLowerCase() === env.urls.owner.toLowerCase();
  return { owner: own ? env.urls.owner : env.records.user(owner).login, branch: rest.join(':') };
}

/** Where a head branch lives in the bare remote: the repository's own branches, or a fork's. */
export function headRefOf(env: SandboxEnv, head: { owner: string; branch: string }): string {
  return head.owner === env.urls.owner ? `refs/heads/${head.branch}` : `refs/forks/${head.owner}/heads/${head.branch}`;
}

export async function createPull(env: SandboxEnv, sender: string, input: NewPull): Promise<IssueRecord & { pull: PullRecord }> {
  const head = parseHead(env, input.head);
  const headSha = await env.remote.resolve(headRefOf(env, head));
  if (!headSha) throw validationFailed({ resource: 'PullRequest', field: 'head', code: 'invalid' });
  const baseSha = await env.remote.resolve(`refs/heads/${input.base}`);
  if (!baseSha) throw validationFailed({ resource: 'PullRequest', field: 'base', code: 'invalid' });
  const duplicate = [...env.records.issues.values()].some((record) => record.pull?.head === head.branch && record.pull.headOwner === head.owner && record.state === 'open');
  if (duplicate) {
    throw validationFailed({ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${head.owner}:${head.branch}.` });
  }
  if ((await env.remote.commitsBetween(headSha, [baseSha])).length === 0) {
    throw validationFailed({ resource: 'PullRequest', code: 'custom', message: `No commits between ${input.base} and ${head.branch}` });
  }
  const pull: PullRecord = {
    head: head.branch,
    headOwner: head.owner,
    headSha,
    base: input.base,
    draft: input.draft ?? false,
    merged: false,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    requestedReviewers: [],
    maintainerCanModify: input.maintainer_can_modify ?? true,
  };
  const record = await createIssue(env, sender, { title: input.title, body: input.body ?? null }, pull);
  if (!isPull(record)) throw new Error('a pull request record lost its pull data');
  return record;
}

export async function requestReviewers(env: SandboxEnv, record: IssueRecord & { pull: PullRecord }, reviewers: string[], sender: string): Promise<void> {
  if (reviewers.some((login) => login.toLowerCase() === record.user.toLowerCase())) {
    throw unprocessable('Review cannot be requested from pull request author.');
  }
  for (const login of reviewers) {
    const reviewer = env.records.user(login);
    if (record.pull.requestedReviewers.includes(reviewer.login)) continue;
    record.pull.requestedReviewers.push(reviewer.login);
    await emitIssueEvent(env, record, 'review_requested', sender, { requested_reviewer: simpleUser(env.urls, reviewer) });
  }
}

export interface MergeOptions {
  method?: 'merge' | 'squash';
  title?: string;
  message?: string;
}

/**
 * Merges on the bare remote with git (a merge commit, or one squashed commit), moves the base
 * branch, then sends what GitHub sends: `push` for the base, `pull_request.closed` with merged
 * true, and `issues.closed` for each issue the body closes with a keyword ("Closes #12").
 */
export async function mergePull(env: SandboxEnv, record: IssueRecord & { pull: PullRecord }, sender: string, options: MergeOptions = {}): Promise<string> {
  const { pull } = record;
  if (record.state !== 'open') throw new HttpError(405, { message: 'Pull Request is not mergeable', status: '405' });
  const figures = await pullFigures(env, pull);
  const tree = await env.remote.mergeTree(figures.baseSha, pull.headSha);
  if (!tree) throw new HttpError(405, { message: 'Pull Request is not mergeable', status: '405' });
  const method = options.method ?? 'merge';
  const title = options.title ?? (method === 'squash' ? `${record.title} (#${record.number})` : `Merge pull request #${record.number} from ${pull.headOwner}/${pull.head}`);
  const message = [title, options.message ?? (method === 'squash' ? '' : record.title)].filter(Boolean).join('\n\n');
  const parents = method === 'squash' ? [figures.baseSha] : [figures.baseSha, pull.headSha];
  const sha = await env.remote.commitTree(tree, parents, message, { name: sender, email: `${sender}@users.noreply.${new URL(env.urls.web).host}`, date: githubTime(env.now()) });
  const ref = `refs/heads/${pull.base}`;
  if (!(await env.remote.updateRef(ref, sha, figures.baseSha))) throw new HttpError(409, { message: 'Base branch was modified. Review and try the merge again.', status: '409' });
  pull.mergedFigures = { ...figures, mergeable: null };
  pull.merged = true;
  pull.mergedAt = env.now();
  pull.mergedBy = env.records.user(sender).login;
  pull.mergeCommitSha = sha;
  await announceRefUpdates(env, [{ before: figures.baseSha, after: sha, ref }], sender);
  await setState(env, record, 'closed', 'completed', sender);
  if (pull.base === env.defaultBranch) await closeLinkedIssues(env, record, sender);
  return sha;
}

const CLOSING = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s+#(\d+)\b/gi;

async function closeLinkedIssues(env: SandboxEnv, record: IssueRecord, sender: string): Promise<void> {
  for (const match of (record.body ?? '').matchAll(CLOSING)) {
    const linked = env.records.issues.get(Number(match[1]));
    if (linked && !linked.pull && linked.state === 'open') await setState(env, linked, 'closed', 'completed', sender);
  }
}

