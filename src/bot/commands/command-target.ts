import { LABELS, hasLabel, readPrMetadata, sessionIdFromRef, type PrMetadata } from '../../protocol/index.js';
import type { Octokit, Repo } from '../github.js';
import { lookUpGoalIssue, type GoalIssue } from '../goals/goal-issue.js';
import type { RepoView } from '../dashboard/repo-view.js';

/** What a comment's commands act on. */
export type CommandTarget =
  | { kind: 'dashboard'; issue: GoalIssue }
  | { kind: 'issue'; issue: GoalIssue }
  | { kind: 'agent-pr'; pr: GoalIssue; branch: string; metadata: PrMetadata; goal?: GoalIssue }
  | { kind: 'other-pr'; pr: number };

/** The issue or PR a comment was made on, as the webhook payload describes it. */
export interface Thread {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  labels: string[];
  /** Set for pull requests: the head branch. */
  headRef?: string;
  /** For pull requests: whether the head branch is in this repository (false for a fork's PR). */
  fromBaseRepo?: boolean;
}

export async function resolveTarget(octokit: Octokit, repo: Repo, thread: Thread, view: RepoView): Promise<CommandTarget> {
  // Labels live on the issue (or PR) itself; `issue` is the mutable view commands edit.
  const issue: GoalIssue = {
    number: thread.number,
    title: thread.title,
    state: thread.state,
    labels: [...thread.labels],
    recurring: hasLabel(thread.labels, LABELS.recurring.name),
  };
  if (thread.headRef === undefined) {
    return hasLabel(thread.labels, LABELS.dashboard.name) ? { kind: 'dashboard', issue } : { kind: 'issue', issue };
  }
  // A fork's PR is never an agent PR, however its branch is named and whatever its body copies.
  const metadata = thread.fromBaseRepo === false || sessionIdFromRef(thread.headRef) === undefined ? undefined : readPrMetadata(thread.body);
  if (!metadata) return { kind: 'other-pr', pr: thread.number };
  const goal = await lookUpGoalIssue(octokit, repo, metadata.goal, () => view.goals());
  return { kind: 'agent-pr', pr: issue, branch: thread.headRef, metadata, ...(goal ? { goal } : {}) };
}
