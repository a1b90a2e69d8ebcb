import type { AgentPush } from './agent-push.js';
import {
  LABELS,
  hasLabel,
  parseCommitMessage,
  prTitleFor,
  readPrMetadata,
  renderPrBody,
  sessionIdFromRef,
  splitCommitBody,
  type PrMetadata,
} from '../../protocol/index.js';
import { diffstatFor } from './diffstat.js';
import { finishAgentPr } from './finish-agent-pr.js';
import { isUnprocessable, type Octokit, type Repo } from '../github.js';
import { labelNames, lookUpGoalIssue } from '../goals/goal-issue.js';
import { repoView, type ListedPr, type RepoView } from '../dashboard/repo-view.js';
import { findPrForBranch, listPrForBranch } from './find-branch-pr.js';
import { reviseAgentPr } from './revise-agent-pr.js';

export type OpenPrResult =
  | { status: 'not-agent-branch' }
  | { status: 'no-trailers' }
  | { status: 'no-commits' }
  | { status: 'opened'; pr: number }
  | { status: 'adopted'; pr: number }
  | { status: 'revised'; pr: number }
  | { status: 'exists'; pr: number };

/**
 * Push to `agent/*` -> one PR. Idempotent: the branch's existing PR, open or
 * closed, always wins, whoever opened it, so redeliveries and reconciliation never make a second.
 * A new session pushed onto an open PR's branch (a revision) re-renders that PR's body instead.
 * `view` is the event's reading of the repository, which the dashboard rebuild reuses.
 */
export async function openAgentPr(octokit: Octokit, repo: Repo, push: AgentPush, view?: RepoView): Promise<OpenPrResult> {
  const session = sessionIdFromRef(push.ref);
  if (session === undefined) return { status: 'not-agent-branch' };
  const branch = `agent/${session}`;
  const seen = view ?? repoView(octokit, repo, push.config.goalLabel);
  const goals = () => seen.goals();

  const existing = await findPrForBranch(octokit, repo, branch, session, seen);
  if (existing) {
    const revised = await reviseAgentPr(octokit, repo, existing, push, goals);
    if (revised !== undefined) seen.notePr({ ...existing, body: revised });
    const result = await adopt(octokit, repo, { ...existing, body: revised ?? existing.body }, push, seen);
    return revised !== undefined && result.status === 'exists' ? { status: 'revised', pr: existing.number } : result;
  }

  const message = push.message ?? (await octokit.rest.git.getCommit({ ...repo, commit_sha: push.sha })).data.message;
  const commit = parseCommitMessage(message);
  if (!commit) return { status: 'no-trailers' };

  const { trailers } = commit;
  const goalIssue = await lookUpGoalIssue(octokit, repo, trailers.goal, goals);
  const { summary, rationale, ...notes } = splitCommitBody(commit.body);
  const metadata: PrMetadata = { ...trailers, ...(goalIssue?.recurring ? { recurring: true } : {}) };
  const base = push.config.pr.base ?? push.defaultBranch;
  const body = renderPrBody({
    metadata,
    ...(goalIssue ? { goalTitle: goalIssue.title } : {}),
    rationale,
    summary,
    // The test findings and the last failing verify output, when the runner wrote them.
    ...notes,
    diffstat: await diffstatFor(octokit, repo, base, push.sha, push.log),
  });
  const draft = push.config.pr.draft || trailers.verify === 'failed' || trailers.outcome === 'timeout' || (trailers.warnings ?? []).length > 0;

  const created = await createPr(octokit, repo, { title: prTitleFor(commit.subject), head: branch, base, body, draft });
  if (created === 'exists') {
    // Lost a race with a concurrent delivery or with the runner's fallback: adopt theirs.
    const theirs = await listPrForBranch(octokit, repo, branch);
    if (theirs) return adopt(octokit, repo, theirs, push, seen);
    throw new Error(`GitHub says a PR for ${branch} exists but none is listed`);
  }
  if (created === 'no-commits') return { status: 'no-commits' };
  seen.notePr(created as ListedPr);

  await finishAgentPr(octokit, repo, {
    pr: created,
    metadata,
    config: push.config,
    goal: goalIssue,
    goalChanged: (goal) => seen.noteIssue(goal),
    fresh: true,
    self: push.self,
    ...(push.log ? { log: push.log } : {}),
  });
  push.log?.info({ pr: created.number, session }, 'opened agent PR');
  return { status: 'opened', pr: created.number };
}

/** A PR that carries our metadata but not yet our `overnight` label was opened by the runner or left half-done. */
async function adopt(octokit: Octokit, repo: Repo, pr: ListedPr, push: AgentPush, view: RepoView): Promise<OpenPrResult> {
  const metadata = readPrMetadata(pr.body);
  const finished = hasLabel(labelNames(pr.labels), LABELS.goal.name);
  if (!metadata || finished || pr.state !== 'open') return { status: 'exists', pr: pr.number };
  const goalIssue = await lookUpGoalIssue(octokit, repo, metadata.goal, () => view.goals());
  await finishAgentPr(octokit, repo, {
    pr,
    metadata,
    config: push.config,
    goal: goalIssue,
    goalChanged: (goal) => view.noteIssue(goal),
    fresh: false,
    self: push.self,
    ...(push.log ? { log: push.log } : {}),
  });
  push.log?.info({ pr: pr.number, session: metadata.session }, 'adopted agent PR');
  return { status: 'adopted', pr: pr.number };
}

type NewPr = { title: string; head: string; base: string; body: string; draft: boolean };

async function createPr(octokit: Octokit, repo: Repo, pr: NewPr) {
  try {
    return (await octokit.rest.pulls.create({ ...repo, ...pr, maintainer_can_modify: false })).data;
  } catch (error) {
    if (isUnprocessable(error, /pull request already exists/i)) return 'exists' as const;
    if (isUnprocessable(error, /no commits between/i)) return 'no-commits' as const;
    // Private repositories on free plans have no drafts: open it ready, the body says why it would be a draft.
    if (pr.draft && isUnprocessable(error, /draft pull requests are not supported/i)) {
      return createPr(octokit, repo, { ...pr, draft: false });
    }
    throw error;
  }
}
