import { readFileSync } from 'node:fs';
import { SAMPLE_TRAILERS } from '../fixtures/protocol/sample-trailers.js';
import { formatCommitBody, formatCommitMessage, renderPrBody, type PrMetadata, type SessionTrailers } from '../../src/protocol/index.js';

/**
 * Real payloads from @octokit/webhooks-examples (copied verbatim into test/fixtures/webhooks/),
 * with only the adjustments each test needs, made here in the open.
 */
function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/webhooks/${name}.json`, import.meta.url), 'utf8')) as T;
}

export const OWNER = 'Codertocat';
export const REPO = 'Hello-World';
export const SESSION = '20261128-0107-a1b2c3';
export const BRANCH = `agent/${SESSION}`;
export const HEAD_SHA = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';
export const GOAL = 12;
/** `Codertocat/Hello-World`'s id in the examples. */
export const REPO_ID = 186853002;

export const trailers: SessionTrailers = { ...SAMPLE_TRAILERS, session: SESSION, goal: { kind: 'issue', number: GOAL } };

export function commitMessage(overrides: Partial<SessionTrailers> = {}): string {
  return formatCommitMessage({
    subject: 'Replace the hand-written retry loop with p-retry',
    body: formatCommitBody({
      summary: 'Swapped the loop in src/net.ts for p-retry and added two tests.',
      rationale: 'Oldest open goal with no attempt yet.',
    }),
    trailers: { ...trailers, ...overrides },
  });
}

/** push.json is a push to master; an agent push is the same event for `agent/<session>` with a trailer commit. */
export function agentPush(options: { message?: string; ref?: string } = {}) {
  const payload = fixture('push');
  payload.ref = options.ref ?? `refs/heads/${BRANCH}`;
  payload.head_commit.message = options.message ?? commitMessage();
  payload.commits = [payload.head_commit];
  return payload;
}

export function masterPush() {
  return fixture('push');
}

/** A comment by `login` whose account `type` is User or Bot, on issue GOAL with these labels. */
export function issueComment(body: string, options: { login?: string; type?: 'User' | 'Bot'; labels?: string[]; pr?: boolean; number?: number } = {}) {
  const payload = fixture('issue_comment.created');
  payload.comment.body = body;
  payload.sender.login = options.login ?? 'maintainer';
  payload.sender.type = options.type ?? 'User';
  payload.comment.user = payload.sender;
  payload.issue.number = options.number ?? GOAL;
  payload.issue.labels = (options.labels ?? ['overnight']).map((name, id) => ({ id, name, color: 'ededed' }));
  if (options.pr) {
    payload.issue.pull_request = { url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${payload.issue.number}` };
    payload.issue.body = prBody();
  }
  return payload;
}

/** issues.labeled with the `overnight` label instead of `bug`, delivered to an installation; `by` adds it instead of Codertocat. */
export function goalLabeled(label = 'overnight', by?: { login: string; type: 'User' | 'Bot' }) {
  const payload = fixture('issues.labeled');
  payload.label = { ...payload.label, name: label };
  if (by) payload.sender = { ...payload.sender, ...by };
  payload.issue.number = GOAL;
  payload.issue.labels = [payload.label];
  payload.installation = { id: 1 };
  return payload;
}

/** pull_request.closed for our agent branch and body; `merged` as asked. */
export function prClosed(options: { merged: boolean; base?: string; body?: string; head?: string }) {
  const payload = fixture('pull_request.closed');
  payload.pull_request.merged = options.merged;
  payload.pull_request.merged_at = options.merged ? '2026-11-28T08:00:00Z' : null;
  payload.pull_request.head.ref = options.head ?? BRANCH;
  payload.pull_request.base.ref = options.base ?? payload.repository.default_branch;
  payload.pull_request.body = options.body ?? prBody();
  return payload;
}

/**
 * A PR from a fork: `someone/Hello-World`'s branch `agent/<session>` into Codertocat's repository,
 * with a body that copies our metadata. Only the head side is changed from the example: its
 * label, user and repository (another id, owner and name, `fork: true`).
 */
export function forkPr(action: 'opened' | 'closed', options: { merged?: boolean } = {}) {
  const payload = fixture(`pull_request.${action}`);
  const pr = payload.pull_request;
  const someone = { ...pr.head.user, login: 'someone', id: 4242 };
  pr.head = {
    ...pr.head,
    label: `someone:${BRANCH}`,
    ref: BRANCH,
    user: someone,
    repo: { ...pr.head.repo, id: 4242001, name: REPO, full_name: `someone/${REPO}`, owner: someone, fork: true },
  };
  pr.body = prBody();
  if (action === 'closed') {
    pr.merged = options.merged ?? false;
    pr.merged_at = options.merged ? '2026-11-28T08:00:00Z' : null;
  }
  return payload;
}

/** pull_request.labeled with `label` instead of `bug`, added by `by`, delivered to an installation. */
export function prLabeled(label: string, by: { login: string; type: 'User' | 'Bot' }) {
  const payload = fixture('pull_request.labeled');
  payload.label = { ...payload.label, name: label };
  payload.sender = { ...payload.sender, ...by };
  return payload;
}

export function reviewSubmitted(body: string, login = 'maintainer') {
  const payload = fixture('pull_request_review.submitted');
  payload.review.body = body;
  payload.sender.login = login;
  payload.pull_request.head.ref = BRANCH;
  payload.pull_request.body = prBody();
  return payload;
}

export function installationCreated() {
  return fixture('installation.created');
}

export const metadata: PrMetadata = { ...trailers };

export function prBody(overrides: Partial<PrMetadata> = {}): string {
  return renderPrBody({
    metadata: { ...metadata, ...overrides },
    goalTitle: 'Replace the retry loop',
    rationale: 'Oldest open goal.',
    summary: 'Did it.',
    diffstat: ' a.ts | 1 +',
  });
}
