import nock from 'nock';
import { API, BOT_LOGIN } from './probot.js';
import { BRANCH, GOAL, OWNER, REPO, REPO_ID } from './payloads.js';

/** Request bodies the mocks saw, for assertions on what the bot sent. */
export type Sent = Record<string, any[]>;

export const R = `/repos/${OWNER}/${REPO}`;

export function github(): nock.Scope {
  return nock(API);
}

/** A nock reply that keeps the request body under `key`, then answers `status` with `response`. */
export function capture(sent: Sent, key: string, status: number, response: Record<string, unknown> | unknown[]) {
  return async (request: Request): Promise<readonly [number, Record<string, any>]> => {
    const text = await request.text();
    (sent[key] ??= []).push(text === '' ? undefined : JSON.parse(text));
    return [status, response as Record<string, any>];
  };
}

/** No `.github/overnight.yml` in the repository nor in the owner's `.github` repository. */
export function noRepoConfig(scope: nock.Scope): void {
  scope
    .get(`${R}/contents/.github%2Fovernight.yml`)
    .reply(404, { message: 'Not Found' })
    .get(`/repos/${OWNER}/.github/contents/.github%2Fovernight.yml`)
    .reply(404, { message: 'Not Found' });
}

export function repoConfig(scope: nock.Scope, yaml: string): void {
  scope.get(`${R}/contents/.github%2Fovernight.yml`).reply(200, yaml, { 'content-type': 'text/plain; charset=utf-8' });
}

export function permission(scope: nock.Scope, login: string, level: string): void {
  const legacy = { admin: 'admin', maintain: 'write', write: 'write', triage: 'read', read: 'read', none: 'none' }[level];
  scope
    .get(`${R}/collaborators/${login}/permission`)
    .reply(200, { permission: legacy, role_name: level, user: { login } });
}

export function issue(number: number, labels: string[], extra: Record<string, unknown> = {}) {
  return {
    number,
    title: number === GOAL ? 'Replace the retry loop' : `Issue ${number}`,
    state: 'open',
    body: '',
    labels: labels.map((name, id) => ({ id, name, color: 'ededed' })),
    ...extra,
  };
}

/** A comment the bot itself wrote (its hidden marker counts), as the comments API lists it. */
export function botComment(body: string) {
  return { body, user: { login: BOT_LOGIN, type: 'Bot' }, performed_via_github_app: { id: 1, slug: 'overnight-test' } };
}

export function listedPr(number: number, options: { labels?: string[]; body?: string; state?: string; merged?: boolean; head?: string; base?: string } = {}) {
  return {
    number,
    title: 'Replace the hand-written retry loop with p-retry',
    html_url: `https://github.com/${OWNER}/${REPO}/pull/${number}`,
    state: options.state ?? 'open',
    draft: false,
    body: options.body ?? '',
    merged_at: options.merged ? '2026-11-28T08:00:00Z' : null,
    created_at: '2026-11-28T00:30:00Z',
    head: { ref: options.head ?? BRANCH, repo: { id: REPO_ID, full_name: `${OWNER}/${REPO}` } },
    base: { ref: options.base ?? 'master', repo: { id: REPO_ID, full_name: `${OWNER}/${REPO}` } },
    labels: (options.labels ?? []).map((name) => ({ name })),
    requested_reviewers: [],
  };
}

/** The newest PRs, read once per event: the branch check of a push and the dashboard share it. */
export function recentPrs(scope: nock.Scope, pulls: unknown[] = []): void {
  scope.get(`${R}/pulls`).query({ state: 'all', sort: 'created', direction: 'desc', per_page: '100' }).reply(200, pulls);
}

/** The open goals, read once per event: the goal a push names and the dashboard share it. */
export function openGoals(scope: nock.Scope, goals: unknown[] = []): void {
  scope.get(`${R}/issues`).query({ labels: 'overnight', state: 'open', per_page: '100' }).reply(200, goals);
}

/** A label as GitHub's add-labels answer shows it; `created` is how GitHub makes one that did not exist. */
export function answeredLabel(name: string, created = false) {
  return created ? { name, color: 'ededed', description: null } : { name, color: '5319e7', description: 'ours' };
}

/**
 * The dashboard rebuild after a handled event, with the event's one listing of the open goals and
 * of the newest PRs (`listed: false` when the test mocks those itself). Without `existing`, the
 * dashboard is created as issue 100 with its body, after its label and overnight:running are set up.
 */
export function dashboardRefresh(
  scope: nock.Scope,
  sent: Sent,
  options: {
    existing?: { number: number; body?: string; labels?: string[] };
    goals?: unknown[];
    pulls?: unknown[];
    listed?: boolean;
    labelsExist?: boolean;
    expectUpdate?: boolean;
  } = {},
): void {
  const number = options.existing?.number ?? 100;
  scope
    .get(`${R}/issues`)
    .query({ labels: 'overnight:dashboard', state: 'open', sort: 'created', direction: 'asc', per_page: '10' })
    .reply(200, options.existing ? [issue(number, options.existing.labels ?? ['overnight:dashboard'], { body: options.existing.body ?? '' })] : []);
  if (!options.existing) {
    const setUp = [{ name: 'overnight:dashboard' }, { name: 'overnight:running' }];
    scope.get(`${R}/labels`).query({ per_page: '100' }).reply(200, options.labelsExist ? setUp : []);
    // A first dashboard also sets up the label the runner adds: overnight:running.
    if (!options.labelsExist) scope.post(`${R}/labels`).times(2).reply(capture(sent, 'createLabel', 201, {}));
    scope.post(`${R}/issues`).reply(capture(sent, 'createIssue', 201, { number, body: 'rendered' }));
  }
  if (options.listed ?? true) {
    openGoals(scope, options.goals);
    recentPrs(scope, options.pulls);
  }
  if (options.existing && (options.expectUpdate ?? true)) scope.patch(`${R}/issues/${number}`).reply(capture(sent, 'dashboard', 200, {}));
}
