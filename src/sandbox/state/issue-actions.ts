import { HttpError } from '../http/http-error.js';
import { emit, type SandboxEnv } from '../sandbox-env.js';
import { comment, issue, label } from '../shapes/issue.js';
import { isPull, pullRequest } from '../shapes/pull.js';
import type { CommentRecord, IssueRecord, LabelRecord } from './records.js';

/**
 * Changes to issues, labels and comments, each followed by the webhooks GitHub would send for it.
 * Pull requests are issues here too; their events go out as `pull_request`.
 */

export async function emitIssueEvent(env: SandboxEnv, record: IssueRecord, action: string, sender: string, extra: Record<string, unknown> = {}): Promise<void> {
  // Who added or removed a label is what the runner checks before it trusts a steering label.
  if ((action === 'labeled' || action === 'unlabeled') && extra.label) {
    const { name } = extra.label as { name: string };
    env.records.labelEvents.push({ id: env.records.nextId(), issueNumber: record.number, event: action, actor: sender, label: name, createdAt: env.now() });
  }
  if (isPull(record)) {
    emit(env, 'pull_request', sender, { action, number: record.number, pull_request: await pullRequest(env, record), ...extra });
  } else {
    emit(env, 'issues', sender, { action, issue: issue(env, record), ...extra });
  }
}

/** A label applied to an issue is created on the fly when the repository lacks it, as on GitHub. */
export function ensureLabel(env: SandboxEnv, name: string): LabelRecord {
  const known = env.records.label(name);
  if (known) return known;
  const created: LabelRecord = { id: env.records.nextId(), name, color: 'ededed', description: null };
  env.records.labels.set(name, created);
  return created;
}

export interface NewIssue {
  title: string;
  body?: string | null;
  labels?: string[];
  assignees?: string[];
}

export async function createIssue(env: SandboxEnv, sender: string, input: NewIssue, pull?: IssueRecord['pull']): Promise<IssueRecord> {
  const now = env.now();
  const record: IssueRecord = {
    id: env.records.nextId(),
    number: env.records.nextNumber(),
    title: input.title,
    body: input.body ?? null,
    state: 'open',
    stateReason: null,
    user: env.records.user(sender).login,
    labels: [],
    assignees: (input.assignees ?? []).map((login) => env.records.user(login).login),
    locked: false,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedBy: null,
    ...(pull && { pull }),
  };
  env.records.issues.set(record.number, record);
  // As on GitHub, the issue is opened with its labels already on it, then each gets a `labeled`.
  const labels = [...new Map((input.labels ?? []).map((name) => ensureLabel(env, name)).map((found) => [found.name, found])).values()];
  record.labels = labels.map((found) => found.name);
  await emitIssueEvent(env, record, 'opened', sender);
  for (const found of labels) await emitIssueEvent(env, record, 'labeled', sender, { label: label(env, found) });
  return record;
}

export async function addLabels(env: SandboxEnv, record: IssueRecord, names: string[], sender: string): Promise<void> {
  for (const name of names) {
    const found = ensureLabel(env, name);
    if (record.labels.some((present) => present.toLowerCase() === found.name.toLowerCase())) continue;
    record.labels.push(found.name);
    record.updatedAt = env.now();
    await emitIssueEvent(env, record, 'labeled', sender, { label: label(env, found) });
  }
}

export async function removeLabel(env: SandboxEnv, record: IssueRecord, name: string, sender: string): Promise<void> {
  const present = record.labels.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  const found = env.records.label(name);
  if (!present || !found) throw new HttpError(404, { message: 'Label does not exist', status: '404' });
  record.labels = record.labels.filter((candidate) => candidate !== present);
  record.updatedAt = env.now();
  await emitIssueEvent(env, record, 'unlabeled', sender, { label: label(env, found) });
}

export async function setLabels(env: SandboxEnv, record: IssueRecord, names: string[], sender: string): Promise<void> {
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  for (const present of [...record.labels]) {
    if (!wanted.has(present.toLowerCase())) await removeLabel(env, record, present, sender);
  }
  await addLabels(env, record, names, sender);
}

export interface IssuePatch {
  title?: string;
  body?: string | null;
  state?: 'open' | 'closed';
  state_reason?: 'completed' | 'not_planned' | 'reopened' | null;
  labels?: string[];
  assignees?: string[];
}

export async function updateIssue(env: SandboxEnv, record: IssueRecord, patch: IssuePatch, sender: string): Promise<void> {
  const changes: Record<string, { from: unknown }> = {};
  if (patch.title !== undefined && patch.title !== record.title) changes.title = { from: record.title };
  if (patch.body !== undefined && patch.body !== record.body) changes.body = { from: record.body ?? '' };
  record.title = patch.title ?? record.title;
  record.body = patch.body === undefined ? record.body : patch.body;
  if (patch.assignees) record.assignees = patch.assignees.map((login) => env.records.user(login).login);
  record.updatedAt = env.now();
  if (Object.keys(changes).length > 0) await emitIssueEvent(env, record, 'edited', sender, { changes });
  if (patch.labels) await setLabels(env, record, patch.labels, sender);
  if (patch.state && patch.state !== record.state) await setState(env, record, patch.state, patch.state_reason ?? null, sender);
}

export async function setState(env: SandboxEnv, record: IssueRecord, state: 'open' | 'closed', reason: IssuePatch['state_reason'], sender: string): Promise<void> {
  const now = env.now();
  record.state = state;
  record.stateReason = state === 'closed' ? (reason ?? 'completed') : 'reopened';
  record.closedAt = state === 'closed' ? now : null;
  record.closedBy = state === 'closed' ? env.records.user(sender).login : null;
  record.updatedAt = now;
  await emitIssueEvent(env, record, state === 'closed' ? 'closed' : 'reopened', sender);
}

export function createComment(env: SandboxEnv, record: IssueRecord, body: string, sender: string): CommentRecord {
  const now = env.now();
  const created: CommentRecord = { id: env.records.nextId(), issueNumber: record.number, body, user: env.records.user(sender).login, createdAt: now, updatedAt: now };
  env.records.comments.set(created.id, created);
  record.updatedAt = now;
  emit(env, 'issue_comment', sender, { action: 'created', issue: issue(env, record), comment: comment(env, created) });
  return created;
}

export function updateComment(env: SandboxEnv, record: CommentRecord, body: string, sender: string): void {
  const from = record.body;
  record.body = body;
  record.updatedAt = env.now();
  const parent = env.records.issues.get(record.issueNumber);
  if (!parent) return;
  emit(env, 'issue_comment', sender, { action: 'edited', changes: { body: { from } }, issue: issue(env, parent), comment: comment(env, record) });
}

export function deleteComment(env: SandboxEnv, record: CommentRecord, sender: string): void {
  const parent = env.records.issues.get(record.issueNumber);
  const shape = comment(env, record);
  env.records.comments.delete(record.id);
  if (!parent) return;
  emit(env, 'issue_comment', sender, { action: 'deleted', issue: issue(env, parent), comment: shape });
}
