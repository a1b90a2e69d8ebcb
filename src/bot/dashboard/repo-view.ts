import { LABELS, hasLabel } from '../../protocol/index.js';
import type { Octokit, Repo } from '../github.js';
import { labelNames, type GoalIssue } from '../goals/goal-issue.js';

export type ListedPr = Awaited<ReturnType<Octokit['rest']['pulls']['list']>>['data'][number];

export interface Dashboard {
  number: number;
  body: string;
  paused: boolean;
}

/** How many of the newest PRs one listing brings: the dashboard's table and the branch check both read it. */
export const RECENT_PRS_PAGE = 100;

/**
 * What one event reads of a repository's overnight state: the dashboard issue, the open goals and
 * the newest PRs, each listed at most once and shared by every step of the event (the goal a push
 * names, the existing-PR check, a `status` reply, the dashboard rebuild). The bot's own writes
 * during the event are applied to what was read, from GitHub's answers to them, so the dashboard
 * rebuilt at the end shows them without a second listing.
 */
export interface RepoView {
  dashboard(): Promise<Dashboard | undefined>;
  /** Open issues (never PRs) carrying the goal label. */
  goals(): Promise<GoalIssue[]>;
  /** The newest PRs of the repository, any state, newest first: one page of RECENT_PRS_PAGE. */
  recentPrs(): Promise<ListedPr[]>;
  /** An issue's state and labels after the bot changed them. */
  noteIssue(issue: GoalIssue): void;
  /** A PR the bot created or whose body it rewrote. */
  notePr(pr: ListedPr): void;
  noteDashboard(dashboard: Dashboard): void;
}

export function repoView(octokit: Octokit, repo: Repo, goalLabel: string): RepoView {
  let dashboard: Promise<Dashboard | undefined> | undefined;
  let goals: Promise<GoalIssue[]> | undefined;
  let prs: Promise<ListedPr[]> | undefined;
  // Applied to a listing when it is read, so a note made before or while it loads is not lost.
  const issueNotes = new Map<number, GoalIssue>();
  const prNotes = new Map<number, ListedPr>();
  let dashboardNote: Dashboard | undefined;

  const applyIssues = (list: GoalIssue[]): GoalIssue[] => {
    const byNumber = new Map(list.map((goal) => [goal.number, goal]));
    for (const [number, issue] of issueNotes) {
      if (issue.state === 'open' && hasLabel(issue.labels, goalLabel)) byNumber.set(number, { ...issue, labels: [...issue.labels] });
      else byNumber.delete(number);
    }
    return [...byNumber.values()].sort((a, b) => a.number - b.number);
  };
  const applyPrs = (list: ListedPr[]): ListedPr[] => {
    const rest = list.filter((pr) => !prNotes.has(pr.number));
    return [...prNotes.values(), ...rest].sort((a, b) => b.created_at.localeCompare(a.created_at) || b.number - a.number);
  };
  const applyDashboard = (found: Dashboard | undefined): Dashboard | undefined => {
    const current = dashboardNote ?? found;
    if (!current) return undefined;
    const labels = issueNotes.get(current.number)?.labels;
    return labels ? { ...current, paused: hasLabel(labels, LABELS.paused.name) } : current;
  };

  return {
    async dashboard() {
      dashboard ??= findDashboard(octokit, repo);
      return applyDashboard(await dashboard);
    },
    async goals() {
      goals ??= listOpenGoals(octokit, repo, goalLabel);
      return applyIssues(await goals);
    },
    async recentPrs() {
      prs ??= octokit.rest.pulls
        .list({ ...repo, state: 'all', sort: 'created', direction: 'desc', per_page: RECENT_PRS_PAGE })
        .then(({ data }) => data);
      return applyPrs(await prs);
    },
    noteIssue(issue) {
      issueNotes.set(issue.number, { ...issue, labels: [...issue.labels] });
    },
    notePr(pr) {
      prNotes.set(pr.number, pr);
    },
    noteDashboard(found) {
      dashboardNote = found;
    },
  };
}

/** The repository's dashboard issue; the oldest wins if a race ever made two. */
async function findDashboard(octokit: Octokit, repo: Repo): Promise<Dashboard | undefined> {
  const { data } = await octokit.rest.issues.listForRepo({
    ...repo,
    labels: LABELS.dashboard.name,
    state: 'open',
    sort: 'created',
    direction: 'asc',
    per_page: 10,
  });
  const issue = data.find((candidate) => !candidate.pull_request);
  if (!issue) return undefined;
  return { number: issue.number, body: issue.body ?? '', paused: hasLabel(labelNames(issue.labels), LABELS.paused.name) };
}

/** The issues API also lists PRs (agent PRs carry the `overnight` label), which are never goals. */
async function listOpenGoals(octokit: Octokit, repo: Repo, goalLabel: string): Promise<GoalIssue[]> {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, labels: goalLabel, state: 'open', per_page: 100 });
  return issues
    .filter((issue) => !issue.pull_request)
    .map((issue) => {
      const labels = labelNames(issue.labels);
      return { number: issue.number, title: issue.title, state: 'open' as const, labels, recurring: hasLabel(labels, LABELS.recurring.name) };
    });
}
