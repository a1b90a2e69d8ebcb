import type { Logger } from 'probot';
import { refreshDashboard } from '../dashboard/dashboard.js';
import { repoView } from '../dashboard/repo-view.js';
import type { BotLogin } from '../bot-login.js';
import type { Octokit, Repo } from '../github.js';
import { reconcileRepo } from '../prs/reconcile.js';
import { fetchRepoConfig, readRepoConfigOrDefaults } from '../repo-config.js';

export interface RepoReconciliation {
  branches: number;
  opened: number;
  adopted: number;
  revised: number;
}

/**
 * The server reconciles at start-up; a workflow has no start-up, so a scheduled or manual run does
 * it for the one repository it runs in: a push whose own run failed or was cancelled still gets
 * its PR, and a PR the runner opened as a fallback is adopted.
 */
export async function reconcileOneRepo(octokit: Octokit, repo: Repo, self: BotLogin, log: Logger): Promise<RepoReconciliation> {
  const { data } = await octokit.rest.repos.get({ ...repo });
  const loaded = await readRepoConfigOrDefaults(() => fetchRepoConfig(octokit, repo));
  const view = repoView(octokit, repo, loaded.config.goalLabel);
  const results = await reconcileRepo(octokit, repo, { config: loaded.config, defaultBranch: data.default_branch, self, log, view });
  const count = (status: string) => results.filter((result) => result.status === status).length;
  const summary = { branches: results.length, opened: count('opened'), adopted: count('adopted'), revised: count('revised') };
  if (summary.opened + summary.adopted + summary.revised > 0 || loaded.problem) await refreshDashboard(octokit, repo, { ...loaded, self, view });
  return summary;
}
