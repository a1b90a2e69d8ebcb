import { githubTime, type Schema } from './github-types.js';
import { nodeId, simpleUser } from './user.js';
import type { CommentRecord, IssueRecord, LabelEventRecord, LabelRecord, ReactionRecord, ReactionSubject, SandboxRecords } from '../state/records.js';
import { repoApi, repoWeb, type SandboxUrls } from '../http/urls.js';

export interface ShapeContext {
  urls: SandboxUrls;
  records: SandboxRecords;
}

export function label(ctx: ShapeContext, record: LabelRecord): Schema<'label'> {
  return {
    id: record.id,
    node_id: nodeId('Label', record.id),
    url: `${repoApi(ctx.urls)}/labels/${encodeURIComponent(record.name)}`,
    name: record.name,
    description: record.description,
    color: record.color,
    default: false,
  };
}

/** `GET /repos/{o}/{r}/issues/{n}/events`: a labeled or unlabeled event. */
export function labelEvent(ctx: ShapeContext, record: LabelEventRecord): Schema<'labeled-issue-event'> {
  const color = ctx.records.label(record.label)?.color ?? 'ededed';
  return {
    id: record.id,
    node_id: nodeId('LabeledEvent', record.id),
    url: `${repoApi(ctx.urls)}/issues/events/${record.id}`,
    actor: simpleUser(ctx.urls, ctx.records.user(record.actor)),
    event: record.event,
    commit_id: null,
    commit_url: null,
    created_at: githubTime(record.createdAt),
    performed_via_github_app: null,
    label: { name: record.label, color },
  };
}

export function issueLabels(ctx: ShapeContext, issue: IssueRecord): Schema<'label'>[] {
  return issue.labels.flatMap((name) => {
    const record = ctx.records.label(name);
    return record ? [label(ctx, record)] : [];
  });
}

export function reactionRollup(ctx: ShapeContext, url: string, subject: ReactionSubject): Schema<'reaction-rollup'> {
  const reactions = ctx.records.reactionsOn(subject);
  const count = (content: string): number => reactions.filter((reaction) => reaction.content === content).length;
  return {
    url: `${url}/reactions`,
    total_count: reactions.length,
    '+1': count('+1'),
    '-1': count('-1'),
    laugh: count('laugh'),
    confused: count('confused'),
    heart: count('heart'),
    hooray: count('hooray'),
    eyes: count('eyes'),
    rocket: count('rocket'),
  };
}

function authorAssociation(ctx: ShapeContext, login: string): Schema<'author-association'> {
  if (login === ctx.urls.owner) return 'OWNER';
  const permission = ctx.records.permissions.get(login);
  return permission && permission !== 'none' && permission !== 'read' ? 'COLLABORATOR' : 'NONE';
}

export function issue(ctx: ShapeContext, record: IssueRecord): Schema<'issue'> {
  const url = `${repoApi(ctx.urls)}/issues/${record.number}`;
  const web = `${repoWeb(ctx.urls)}/${record.pull ? 'pull' : 'issues'}/${record.number}`;
  const user = (login: string) => simpleUser(ctx.urls, ctx.records.user(login));
  const assignees = record.assignees.map(user);
  return {
    id: record.id,
    node_id: nodeId(record.pull ? 'PullRequest' : 'Issue', record.id),
    url,
    repository_url: repoApi(ctx.urls),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: web,
    number: record.number,
    state: record.state,
    state_reason: record.stateReason,
    title: record.title,
    body: record.body,
    user: user(record.user),
    labels: issueLabels(ctx, record),
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    locked: record.locked,
    active_lock_reason: null,
    comments: ctx.records.commentsOn(record.number).length,
    ...(record.pull && {
      pull_request: {
        merged_at: record.pull.mergedAt && githubTime(record.pull.mergedAt),
        diff_url: `${web}.diff`,
        html_url: web,
        patch_url: `${web}.patch`,
        url: `${repoApi(ctx.urls)}/pulls/${record.number}`,
      },
    }),
    draft: record.pull?.draft ?? false,
    closed_at: record.closedAt && githubTime(record.closedAt),
    created_at: githubTime(record.createdAt),
    updated_at: githubTime(record.updatedAt),
    closed_by: record.closedBy === null ? null : user(record.closedBy),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    author_association: authorAssociation(ctx, record.user),
    reactions: reactionRollup(ctx, url, { kind: 'issue', number: record.number }),
  };
}

export function comment(ctx: ShapeContext, record: CommentRecord): Schema<'issue-comment'> {
  const url = `${repoApi(ctx.urls)}/issues/comments/${record.id}`;
  const parent = ctx.records.issues.get(record.issueNumber);
  const kind = parent?.pull ? 'pull' : 'issues';
  return {
    id: record.id,
    node_id: nodeId('IssueComment', record.id),
    url,
    html_url: `${repoWeb(ctx.urls)}/${kind}/${record.issueNumber}#issuecomment-${record.id}`,
    issue_url: `${repoApi(ctx.urls)}/issues/${record.issueNumber}`,
    body: record.body,
    user: simpleUser(ctx.urls, ctx.records.user(record.user)),
    created_at: githubTime(record.createdAt),
    updated_at: githubTime(record.updatedAt),
    author_association: authorAssociation(ctx, record.user),
    performed_via_github_app: null,
    reactions: reactionRollup(ctx, url, { kind: 'comment', id: record.id }),
  };
}

export function reaction(ctx: ShapeContext, record: ReactionRecord): Schema<'reaction'> {
  return {
    id: record.id,
    node_id: nodeId('Reaction', record.id),
    user: simpleUser(ctx.urls, ctx.records.user(record.user)),
    content: record.content,
    created_at: githubTime(record.createdAt),
  };
}
