import { githubTime, type Repository, type Schema } from './github-types.js';
import { repositoryFacts, repositoryShape, type SandboxEnv } from '../sandbox-env.js';
import { repository } from './repository.js';
import { issue } from './issue.js';
import { simpleUser } from './user.js';
import type { IssueRecord, PullFigures, PullRecord } from '../state/records.js';
import { repoApi } from '../http/urls.js';

/** Commits, line counts and mergeability of a pull request, read from the bare remote. */
export async function pullFigures(env: SandboxEnv, pull: PullRecord): Promise<PullFigures> {
  if (pull.mergedFigures) return pull.mergedFigures;
  const baseSha = (await env.remote.resolve(`refs/heads/${pull.base}`)) ?? pull.headSha;
  const { headSha } = pull;
  if (pull.lastFigures?.headSha === headSha && pull.lastFigures.figures.baseSha === baseSha) return pull.lastFigures.figures;
  const mergeBase = (await env.remote.git(['merge-base', baseSha, headSha])).trim();
  const files = await env.remote.changedFiles(headSha, mergeBase);
  const figures = {
    baseSha,
    commits: (await env.remote.commitsBetween(headSha, [baseSha])).length,
    additions: files.reduce((sum, file) => sum + file.additions, 0),
    deletions: files.reduce((sum, file) => sum + file.deletions, 0),
    changedFiles: files.length,
    mergeable: (await env.remote.mergeTree(baseSha, headSha)) !== undefined,
  };
  pull.lastFigures = { headSha, figures };
  return figures;
}

export async function pullRequest(env: SandboxEnv, record: IssueRecord & { pull: PullRecord }): Promise<Schema<'pull-request'>> {
  return pullShape(env, record, await pullFigures(env, record.pull));
}

/**
 * The list form of one pull request, given its base branch's tip: no figures, which cost several
 * git runs each, so a page of 100 PRs is one `rev-parse` rather than hundreds of git processes.
 */
export function pullListItem(env: SandboxEnv, record: IssueRecord & { pull: PullRecord }, baseTip: string): Schema<'pull-request-simple'> {
  const baseSha = record.pull.mergedFigures?.baseSha ?? baseTip;
  // pullRequestSimple drops every figure but the base sha, so the zeros never reach a client.
  return pullRequestSimple(pullShape(env, record, { baseSha, commits: 0, additions: 0, deletions: 0, changedFiles: 0, mergeable: null }));
}

function pullShape(env: SandboxEnv, record: IssueRecord & { pull: PullRecord }, figures: PullFigures): Schema<'pull-request'> {
  const { pull } = record;
  const asIssue = issue(env, record);
  const url = `${repoApi(env.urls)}/pulls/${record.number}`;
  const repo = repositoryShape(env);
  const owner = simpleUser(env.urls, env.records.user(env.urls.owner));
  const user = (login: string) => simpleUser(env.urls, env.records.user(login));
  const link = (href: string) => ({ href });
  return {
    url,
    id: record.id,
    node_id: asIssue.node_id,
    html_url: asIssue.html_url,
    diff_url: `${asIssue.html_url}.diff`,
    patch_url: `${asIssue.html_url}.patch`,
    issue_url: asIssue.url,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoApi(env.urls)}/pulls/comments{/number}`,
    comments_url: asIssue.comments_url,
    statuses_url: `${repoApi(env.urls)}/statuses/${pull.headSha}`,
    number: record.number,
    state: record.state,
    locked: record.locked,
    title: record.title,
    user: user(record.user),
    body: record.body,
    labels: asIssue.labels.flatMap((label) =>
      typeof label === 'string' ? [] : [{ id: label.id ?? 0, node_id: label.node_id ?? '', url: label.url ?? '', name: label.name ?? '', description: label.description ?? null, color: label.color ?? '', default: false }],
    ),
    milestone: null,
    active_lock_reason: null,
    created_at: asIssue.created_at,
    updated_at: asIssue.updated_at,
    closed_at: asIssue.closed_at,
    merged_at: pull.mergedAt && githubTime(pull.mergedAt),
    merge_commit_sha: pull.mergeCommitSha,
    assignee: asIssue.assignee,
    assignees: asIssue.assignees ?? [],
    requested_reviewers: pull.requestedReviewers.map(user),
    requested_teams: [],
    head: headSide(env, pull, repo),
    base: { label: `${env.urls.owner}:${pull.base}`, ref: pull.base, repo, sha: figures.baseSha, user: owner },
    _links: {
      comments: link(asIssue.comments_url),
      commits: link(`${url}/commits`),
      statuses: link(`${repoApi(env.urls)}/statuses/${pull.headSha}`),
      html: link(asIssue.html_url),
      issue: link(asIssue.url),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${repoApi(env.urls)}/pulls/comments{/number}`),
      self: link(url),
    },
    author_association: asIssue.author_association ?? 'NONE',
    auto_merge: null,
    draft: pull.draft,
    merged: pull.merged,
    mergeable: record.state === 'open' ? figures.mergeable : null,
    rebaseable: false,
    mergeable_state: record.state !== 'open' ? 'unknown' : figures.mergeable ? 'clean' : 'dirty',
    merged_by: pull.mergedBy === null ? null : user(pull.mergedBy),
    comments: asIssue.comments,
    review_comments: 0,
    maintainer_can_modify: pull.maintainerCanModify,
    commits: figures.commits,
    additions: figures.additions,
    deletions: figures.deletions,
    changed_files: figures.changedFiles,
  };
}

/** The head of a pull request: a branch of the repository itself, or of a fork (`fork: true`, its own id and owner). */
function headSide(env: SandboxEnv, pull: PullRecord, repo: Repository): Schema<'pull-request'>['head'] {
  const owner = simpleUser(env.urls, env.records.user(pull.headOwner));
  const side = { label: `${pull.headOwner}:${pull.head}`, ref: pull.head, sha: pull.headSha, user: owner };
  if (pull.headOwner === env.urls.owner) return { ...side, repo };
  const fork = repository({ ...env.urls, owner: pull.headOwner }, { ...repositoryFacts(env), id: FORK_IDS + owner.id, owner, openIssues: 0 });
  return { ...side, repo: { ...fork, fork: true } };
}

/** Forks' repository ids: apart from the sandbox repository's own. */
const FORK_IDS = 1_000_000;

/** The list form (`GET /pulls`): the full form without the figures only a single read computes. */
export function pullRequestSimple(full: Schema<'pull-request'>): Schema<'pull-request-simple'> {
  const { merged, mergeable, rebaseable, mergeable_state, merged_by, comments, review_comments, maintainer_can_modify, commits, additions, deletions, changed_files, requested_teams, ...simple } = full;
  return { ...simple, labels: full.labels.map((label) => ({ ...label, description: label.description ?? '' })) };
}

export function isPull(record: IssueRecord): record is IssueRecord & { pull: PullRecord } {
  return record.pull !== undefined;
}
