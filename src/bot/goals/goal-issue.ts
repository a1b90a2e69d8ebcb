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
