import { LABELS, hasLabel, parseCommitMessage, readPrMetadata, renderPrBody, splitCommitBody, type PrMetadata } from '../../protocol/index.js';
import { commentOnce } from '../comment-once.js';
import { diffstatFor } from './diffstat.js';
import type { Octokit, Repo } from '../github.js';
import { labelNames, lookUpGoalIssue, type GoalIssue } from '../goals/goal-issue.js';
import type { AgentPush } from './agent-push.js';

export interface ExistingPr {
  number: number;
  state: string;
  body: string | null;
  labels: readonly (string | { name?: string })[];
  base: { ref: string };
}

/**
 * `/overnight revise` makes a runner push a new session commit onto the PR's own branch: the PR
 * body then follows the newest session. Returns the new body, or undefined when nothing changed
 * (closed or foreign PR, no trailers, or the session the body already describes: a redelivery).
 */
export async function reviseAgentPr(
  octokit: Octokit,
  repo: Repo,
  pr: ExistingPr,
  push: AgentPush,
  openGoals: () => Promise<readonly GoalIssue[]>,
): Promise<string | undefined> {
  const previous = readPrMetadata(pr.body);
  const ours = previous !== undefined || hasLabel(labelNames(pr.labels), LABELS.goal.name);
  if (pr.state !== 'open' || !ours) return undefined;

  const message = push.message ?? (await octokit.rest.git.getCommit({ ...repo, commit_sha: push.sha })).data.message;
  const commit = parseCommitMessage(message);
  if (!commit || commit.trailers.session === previous?.session) return undefined;

  const { trailers } = commit;
  // The PR stays linked to the goal it was opened for: its close handler reads the goal from here.
  const goal = previous?.goal ?? trailers.goal;
  const goalIssue = await lookUpGoalIssue(octokit, repo, goal, openGoals);
  const recurring = goalIssue ? goalIssue.recurring : (previous?.recurring ?? false);
  const metadata: PrMetadata = { ...trailers, goal, ...(recurring ? { recurring: true } : {}) };
  const { summary, rationale, ...notes } = splitCommitBody(commit.body);
  const body = renderPrBody({
    metadata,
    ...(goalIssue ? { goalTitle: goalIssue.title } : {}),
    rationale,
    summary,
    // The test findings and the last failing verify output, when the runner wrote them.
    ...notes,
    diffstat: await diffstatFor(octokit, repo, pr.base.ref, push.sha, push.log),
  });

  // The comment goes first and only once: the body, written last, is what marks the revision done.
  await commentOnce(octokit, repo, pr.number, {
    marker: `revised-${trailers.session}`,
    self: push.self,
    body: `🌙 Revised by session \`${trailers.session}\` (${trailers.agent}, verify ${trailers.verify})`,
  });
  await octokit.rest.pulls.update({ ...repo, pull_number: pr.number, body });
  push.log?.info({ pr: pr.number, session: trailers.session, previous: previous?.session }, 'revised agent PR');
  return body;
}
