import { githubTime, type Schema } from '../shapes/github-types.js';
import { validationFailed } from '../http/http-error.js';
import { emit, type SandboxEnv } from '../sandbox-env.js';
import { pullFigures, pullRequest } from '../shapes/pull.js';
import { nodeId, simpleUser } from '../shapes/user.js';
import type { IssueRecord, PullRecord, ReviewCommentRecord } from './records.js';
import { repoApi, repoWeb } from '../http/urls.js';

export interface NewReviewComment {
  body: string;
  path: string;
  line: number;
  commitId?: string;
}

/**
 * Comments on a line of a pull request's diff, which a maintainer leaves to steer a revision.
 * The file must be in the diff, as on GitHub; the hunk is git's own.
 */
export async function createReviewComment(env: SandboxEnv, record: IssueRecord & { pull: PullRecord }, sender: string, input: NewReviewComment): Promise<ReviewCommentRecord> {
  const figures = await pullFigures(env, record.pull);
  const mergeBase = (await env.remote.git(['merge-base', figures.baseSha, record.pull.headSha])).trim();
  const diff = await env.remote.git(['diff', mergeBase, record.pull.headSha, '--', input.path]);
  const hunk = diff.slice(diff.indexOf('@@')).trimEnd();
  if (!diff.includes('@@')) {
    throw validationFailed({ resource: 'PullRequestReviewComment', code: 'custom', field: 'pull_request_review_thread.path', message: 'could not be resolved' });
  }
  const now = env.now();
  const created: ReviewCommentRecord = {
    id: env.records.nextId(),
    pullNumber: record.number,
    body: input.body,
    user: env.records.user(sender).login,
    path: input.path,
    line: input.line,
    commitId: input.commitId ?? record.pull.headSha,
    diffHunk: hunk,
    createdAt: now,
    updatedAt: now,
  };
  env.records.reviewComments.set(created.id, created);
  emit(env, 'pull_request_review_comment', sender, { action: 'created', comment: reviewComment(env, created), pull_request: await pullRequest(env, record) });
  return created;
}

export function reviewComment(env: SandboxEnv, record: ReviewCommentRecord): Schema<'pull-request-review-comment'> {
  const url = `${repoApi(env.urls)}/pulls/comments/${record.id}`;
  const pullUrl = `${repoApi(env.urls)}/pulls/${record.pullNumber}`;
  const html = `${repoWeb(env.urls)}/pull/${record.pullNumber}#discussion_r${record.id}`;
  return {
    url,
    pull_request_review_id: null,
    id: record.id,
    node_id: nodeId('PullRequestReviewComment', record.id),
    diff_hunk: record.diffHunk,
    path: record.path,
    commit_id: record.commitId,
    original_commit_id: record.commitId,
    user: simpleUser(env.urls, env.records.user(record.user)),
    body: record.body,
    created_at: githubTime(record.createdAt),
    updated_at: githubTime(record.updatedAt),
    html_url: html,
    pull_request_url: pullUrl,
    author_association: record.user === env.urls.owner ? 'OWNER' : 'NONE',
    _links: { self: { href: url }, html: { href: html }, pull_request: { href: pullUrl } },
    line: record.line,
    original_line: record.line,
    side: 'RIGHT',
  };
}
