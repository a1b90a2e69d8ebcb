import { LABELS, hasLabel, type GoalRef } from '../../protocol/index.js';
import { hasStatus, type Octokit, type Repo } from '../github.js';

export interface GoalIssue {
  number: number;
  title: string;
  state: 'open' | 'closed';
  labels: string[];
  recurring: boolean;
}

/** The goal issue a session worked on, or undefined for static goals and issues that are gone. */
export async function readGoalIssue(octokit: Octokit, repo: Repo, goal: GoalRef): Promise<GoalIssue | undefined> {
  if (goal.kind !== 'issue') return undefined;
  try {
    const { data } = await octokit.rest.issues.get({ ...repo, issue_number: goal.number });
    return toGoalIssue(data);
  } catch (error) {
    // Deleted (410) or transferred (404) goals still get their PR, without a link.
    if (hasStatus(error, 404) || hasStatus(error, 410)) return undefined;
    throw error;
  }
}

/**
 * The goal issue, from the event's listing of open goals when it is there (no request of its own),
 * else read: a goal that was closed or lost its label meanwhile still gets its PR linked.
 */
export async function lookUpGoalIssue(
  octokit: Octokit,
  repo: Repo,
  goal: GoalRef,
  openGoals: () => Promise<readonly GoalIssue[]>,
): Promise<GoalIssue | undefined> {
  if (goal.kind !== 'issue') return undefined;
  const listed = (await openGoals()).find((issue) => issue.number === goal.number);
  return listed ? { ...listed, labels: [...listed.labels] } : readGoalIssue(octokit, repo, goal);
}

export function labelNames(labels: readonly (string | { name?: string })[]): string[] {
  return labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).filter((name) => name !== '');
}

function toGoalIssue(data: {
  number: number;
  title: string;
  state: string;
  labels: readonly (string | { name?: string })[];
}): GoalIssue {
  const labels = labelNames(data.labels);
  return {
    number: data.number,
    title: data.title,
    state: data.state === 'closed' ? 'closed' : 'open',
    labels,
    recurring: hasLabel(labels, LABELS.recurring.name),
  };
}
