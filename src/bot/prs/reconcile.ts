import type { Logger, Probot } from 'probot';
import type { RepoConfig } from '../../config/index.js';
import type { BotLogin } from '../bot-login.js';
import { refreshDashboard } from '../dashboard/dashboard.js';
import { repoView, type RepoView } from '../dashboard/repo-view.js';
import { hasStatus, type Octokit, type Repo } from '../github.js';
import { openAgentPr, type OpenPrResult } from './open-agent-pr.js';
import { readRepoConfigOrDefaults, fetchRepoConfig } from '../repo-config.js';

export interface ReconcileSummary {
  installations: number;
  repositories: number;
  opened: number;
  adopted: number;
  failed: number;
}

/** Pushed `agent/*` branches whose head has trailers and no PR get one. */
export async function reconcileRepo(
  octokit: Octokit,
  repo: Repo,
  input: { config: RepoConfig; defaultBranch: string; self: BotLogin; log?: Logger; view?: RepoView },
): Promise<OpenPrResult[]> {
  const { view = repoView(octokit, repo, input.config.goalLabel), ...push } = input;
  let refs: { ref: string; object: { sha: string } }[];
  try {
    refs = await octokit.paginate(octokit.rest.git.listMatchingRefs, { ...repo, ref: 'heads/agent/', per_page: 100 });
  } catch (error) {
    if (hasStatus(error, 409)) return []; // an empty repository has no refs at all
    throw error;
  }
  const results: OpenPrResult[] = [];
  for (const ref of refs) {
    results.push(await openAgentPr(octokit, repo, { ref: ref.ref, sha: ref.object.sha, ...push }, view));
  }
  return results;
}

export async function reconcileInstallation(octokit: Octokit, log: Logger, self: BotLogin): Promise<Omit<ReconcileSummary, 'installations'>> {
  const repositories = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
  const summary = { repositories: repositories.length, opened: 0, adopted: 0, failed: 0 };
  for (const repository of repositories) {
    const repo = { owner: repository.owner.login, repo: repository.name };
    const repoLog = log.child({ repo: repository.full_name });
    try {
      const loaded = await readRepoConfigOrDefaults(() => fetchRepoConfig(octokit, repo));
      const view = repoView(octokit, repo, loaded.config.goalLabel);
      const results = await reconcileRepo(octokit, repo, { config: loaded.config, defaultBranch: repository.default_branch, self, log: repoLog, view });
      const opened = results.filter((result) => result.status === 'opened').length;
      const adopted = results.filter((result) => result.status === 'adopted').length;
      summary.opened += opened;
      summary.adopted += adopted;
      const revised = results.filter((result) => result.status === 'revised').length;
      if (opened + adopted + revised > 0 || loaded.problem) await refreshDashboard(octokit, repo, { ...loaded, self, view });
    } catch (error) {
      // One broken repository must not keep the others from being reconciled.
      summary.failed += 1;
      repoLog.error({ err: error }, 'reconciliation failed');
    }
  }
  return summary;
}

/** Start-up: every installation of the app, each with its own installation token. */
export async function reconcileAll(app: Probot, self: BotLogin): Promise<ReconcileSummary> {
  const appOctokit = await app.auth();
  const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
  const summary: ReconcileSummary = { installations: installations.length, repositories: 0, opened: 0, adopted: 0, failed: 0 };
  for (const installation of installations) {
    const log = app.log.child({ installation: installation.id });
    try {
      const result = await reconcileInstallation(await app.auth(installation.id), log, self);
      summary.repositories += result.repositories;
      summary.opened += result.opened;
      summary.adopted += result.adopted;
      summary.failed += result.failed;
    } catch (error) {
      summary.failed += 1;
      log.error({ err: error }, 'reconciliation of installation failed');
    }
  }
  app.log.info(summary, 'start-up reconciliation done');
  return summary;
}
