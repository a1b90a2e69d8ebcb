import type { RepoConfig } from '../../config/index.js';
import { LABELS, readPrMetadata, sessionIdFromRef } from '../../protocol/index.js';
import type { BotLogin } from '../bot-login.js';
import { commentOnce } from '../comment-once.js';
import { removeLabel } from '../goals/ensure-labels.js';
import type { Octokit, Repo } from '../github.js';
import { lookUpGoalIssue } from '../goals/goal-issue.js';
import type { RepoView } from '../dashboard/repo-view.js';

export interface ClosedPr {
  number: number;
  merged: boolean;
  body: string | null;
  headRef: string;
  baseRef: string;
  /** False for a PR from a fork, which is never an agent PR. */
  fromBaseRepo: boolean;
}

export type ClosedResult = 'not-agent-pr' | 'no-goal-issue' | 'merged' | 'requeued';

/**
 * A closed overnight PR releases its goal. Merged: `overnight:pr-open` goes; a one-off goal is
 * closed by the PR's `Closes #N`, which GitHub only honours on the default branch, so for another
 * base the bot closes it. Closed unmerged: the goal is back in the queue, and says so once.
 */
export async function closeAgentPr(
  octokit: Octokit,
  repo: Repo,
  input: { pr: ClosedPr; defaultBranch: string; config: RepoConfig; self: BotLogin; view?: RepoView },
): Promise<ClosedResult> {
  const { pr } = input;
  const metadata = !pr.fromBaseRepo || sessionIdFromRef(pr.headRef) === undefined ? undefined : readPrMetadata(pr.body);
  if (!metadata) return 'not-agent-pr';
  const { view } = input;
  const goal = await lookUpGoalIssue(octokit, repo, metadata.goal, () => (view ? view.goals() : Promise.resolve([])));
  if (!goal) return 'no-goal-issue';

  await removeLabel(octokit, repo, goal.number, LABELS.prOpen.name);
  goal.labels = goal.labels.filter((label) => label.toLowerCase() !== LABELS.prOpen.name);
  if (pr.merged) {
    if (!goal.recurring && goal.state === 'open' && pr.baseRef !== input.defaultBranch) {
      await octokit.rest.issues.update({ ...repo, issue_number: goal.number, state: 'closed', state_reason: 'completed' });
      goal.state = 'closed';
    }
    view?.noteIssue(goal);
    return 'merged';
  }
  view?.noteIssue(goal);
  if (goal.state === 'open') {
    await commentOnce(octokit, repo, goal.number, {
      marker: `closed-pr-${pr.number}`,
      self: input.self,
      body:
        `#${pr.number} was closed without merging, so this goal is back in the queue. ` +
        'Comment `/overnight stop` to drop it, or `/overnight pause` to hold it.',
    });
  }
  return 'requeued';
}
