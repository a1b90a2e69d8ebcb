import type { Logger } from 'probot';
import type { RepoConfig } from '../../config/index.js';
import { LABELS, agentLabelDef, labelDef, type LabelDef, type PrMetadata } from '../../protocol/index.js';
import type { BotLogin } from '../bot-login.js';
import { commentOnce } from '../comment-once.js';
import { addLabels } from '../goals/add-labels.js';
import type { GoalIssue } from '../goals/goal-issue.js';
import type { Octokit, Repo } from '../github.js';

export interface OpenedPr {
  number: number;
  html_url: string;
  requested_reviewers?: readonly ({ login: string } | null)[] | null;
}

/**
 * Everything after the PR exists: reviewers, the goal issue's comment and `overnight:pr-open`,
 * then the PR's labels. The `overnight` label on the PR goes last because it marks the PR as
 * finished: a PR without it (opened by the runner, or by a delivery that failed half-way) is
 * adopted and finished by the next delivery or by start-up reconciliation.
 */
export async function finishAgentPr(
  octokit: Octokit,
  repo: Repo,
  input: {
    pr: OpenedPr;
    metadata: PrMetadata;
    config: RepoConfig;
    goal: GoalIssue | undefined;
    fresh: boolean;
    self: BotLogin;
    log?: Logger;
    /** Hears the goal's labels once `overnight:pr-open` is on (the event's view of the repository). */
    goalChanged?: (goal: GoalIssue) => void;
  },
): Promise<void> {
  const { pr, metadata, config, log } = input;
  const prLabels: LabelDef[] = [
    LABELS.goal,
    agentLabelDef(metadata.agent),
    ...(metadata.outcome === 'timeout' ? [LABELS.partial] : []),
    ...config.pr.labels.map((name) => labelDef(name) ?? { name, color: 'ededed', description: '' }),
  ];
  const goalIssue = metadata.goal.kind === 'issue' && input.goal?.state === 'open' ? metadata.goal.number : undefined;

  await requestReviewers(octokit, repo, pr, config, log);

  if (goalIssue !== undefined) {
    const body = `🌙 An overnight agent (${metadata.agent}) opened #${pr.number} for this goal: ${pr.html_url}`;
    // A fresh PR number cannot have been announced yet; only adoption needs the check.
    if (input.fresh) {
      await octokit.rest.issues.createComment({ ...repo, issue_number: goalIssue, body: `${body}\n\n<!-- overnight:pr-${pr.number} -->` });
    } else {
      await commentOnce(octokit, repo, goalIssue, { marker: `pr-${pr.number}`, body, self: input.self });
    }
    const labels = await addLabels(octokit, repo, goalIssue, [LABELS.prOpen]);
    const goal = input.goal!;
    input.goalChanged?.({ ...goal, labels: labels.length > 0 ? labels : [...goal.labels, LABELS.prOpen.name] });
  }

  await addLabels(octokit, repo, pr.number, prLabels);
}

async function requestReviewers(octokit: Octokit, repo: Repo, pr: OpenedPr, config: RepoConfig, log?: Logger): Promise<void> {
  const already = new Set((pr.requested_reviewers ?? []).flatMap((user) => (user ? [user.login.toLowerCase()] : [])));
  const reviewers = config.pr.reviewers.filter((login) => !already.has(login.toLowerCase()));
  const teams = config.pr.teamReviewers;
  if (reviewers.length === 0 && teams.length === 0) return;
  try {
    await octokit.rest.pulls.requestReviewers({ ...repo, pull_number: pr.number, reviewers, team_reviewers: teams });
  } catch (error) {
    // A reviewer who is not a collaborator must not stop the PR from being finished.
    log?.warn({ err: error, pr: pr.number }, 'could not request reviewers; check pr.reviewers in .github/overnight.yml');
  }
}
