import { RECENT_PRS_PAGE, type ListedPr, type RepoView } from '../dashboard/repo-view.js';
import type { Octokit, Repo } from '../github.js';
import { fromBaseRepo } from './from-base-repo.js';

/** A session's branch cannot have had a PR before the session began; its id carries its start on the runner's wall clock. */
const WALL_CLOCK_SLACK_MS = 36 * 60 * 60 * 1000;

/**
 * The branch's PR, open or closed, from the newest PRs the dashboard lists anyway. That page
 * settles it when it holds every PR, or reaches back past the session's start (a day and a half
 * earlier, for any time zone and a wrong clock); otherwise GitHub is asked for the branch's PRs.
 */
export async function findPrForBranch(octokit: Octokit, repo: Repo, branch: string, session: string, view: RepoView): Promise<ListedPr | undefined> {
  const recent = await view.recentPrs();
  const found = recent.find((pr) => isBranchPr(pr, branch));
  if (found) return found;
  const oldest = recent.at(-1);
  if (recent.length < RECENT_PRS_PAGE || (oldest && Date.parse(oldest.created_at) < sessionStart(session) - WALL_CLOCK_SLACK_MS)) return undefined;
  return listPrForBranch(octokit, repo, branch);
}

export async function listPrForBranch(octokit: Octokit, repo: Repo, branch: string): Promise<ListedPr | undefined> {
  const { data } = await octokit.rest.pulls.list({ ...repo, head: `${repo.owner}:${branch}`, state: 'all', per_page: 10 });
  return data.find((pr) => isBranchPr(pr, branch));
}

/** A fork's PR from a branch of the same name is someone else's, whatever its body says. */
function isBranchPr(pr: ListedPr, branch: string): boolean {
  return pr.head.ref === branch && fromBaseRepo(pr);
}

/** `YYYYMMDD-HHMM-...` read as if UTC: the slack covers the runner's time zone. */
function sessionStart(session: string): number {
  const [, y, mo, d, h, mi] = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})/.exec(session)!.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!);
}
