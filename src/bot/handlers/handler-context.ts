import type { Context } from 'probot';
import type { BotLogin } from '../bot-login.js';
import { refreshDashboard } from '../dashboard/dashboard.js';
import { repoView, type RepoView } from '../dashboard/repo-view.js';
import type { Repo } from '../github.js';
import { REPO_CONFIG_FILE } from '../../config/index.js';
import { readRepoConfigOrDefaults, type LoadedRepoConfig } from '../repo-config.js';

type RepoEvent = 'push' | 'issue_comment' | 'issues' | 'pull_request' | 'pull_request_review';

export interface RepoContext {
  repo: Repo;
  loaded: LoadedRepoConfig;
  /** The event's one reading of the dashboard, the open goals and the newest PRs. */
  view: RepoView;
}

/** What every repository handler needs from its Context, read once: the repo and its config. */
export async function repoContext(context: Context<RepoEvent>): Promise<RepoContext> {
  const { owner, repo: name } = context.repo();
  const repo = { owner, repo: name };
  const loaded = await readRepoConfigOrDefaults(() => context.config(REPO_CONFIG_FILE));
  return { repo, loaded, view: repoView(context.octokit, repo, loaded.config.goalLabel) };
}

/** After a handled event: the dashboard mirrors GitHub state again. */
export async function afterHandled(context: Context<RepoEvent>, { repo, loaded, view }: RepoContext, self: BotLogin): Promise<void> {
  await refreshDashboard(context.octokit, repo, { ...loaded, self, view });
}
