import type { Octokit } from '@octokit/rest';
import type { RunnerConfig } from '../../config/index.js';
import { LABELS } from '../../protocol/index.js';
import { explainGithubError } from '../../runner/index.js';
import { ok, warn, type DoctorCheck } from './types.js';

/**
 * Whether the overnight app is installed on the repository. GitHub tells that only to the app
 * itself (`GET /repos/{o}/{r}/installation` needs the app's JWT; `GET /user/installations` only
 * answers a user token minted by the app), so a user token can only look for the bot's traces:
 * a dashboard issue or an agent PR opened by a bot account. No trace is a warning, not a failure,
 * because a fresh installation has left none yet and the runner opens the PR itself after
 * `pr.fallbackAfterMinutes`.
 */
export async function checkBot(octokit: Octokit, config: RunnerConfig, timeoutMs: number): Promise<DoctorCheck> {
  if (config.pr.openedBy === 'runner') {
    return ok('bot', 'pr.openedBy is "runner": the runner opens PRs itself (the app adds /overnight commands and the dashboard)');
  }
  const [owner = '', repo = ''] = config.repo.github.split('/');
  const request = () => ({ request: { signal: AbortSignal.timeout(timeoutMs) } });
  try {
    const { data: issues } = await octokit.rest.issues.listForRepo({ owner, repo, labels: LABELS.dashboard.name, state: 'all', per_page: 10, ...request() });
    const dashboard = issues.find((issue) => !issue.pull_request && issue.user?.type === 'Bot');
    if (dashboard) return ok('bot', `the app (${dashboard.user?.login}) keeps the dashboard issue #${dashboard.number}`);
    const { data: pulls } = await octokit.rest.pulls.list({ owner, repo, state: 'all', sort: 'created', direction: 'desc', per_page: 30, ...request() });
    const opened = pulls.find((pull) => pull.head.ref.startsWith('agent/') && pull.user?.type === 'Bot');
    if (opened) return ok('bot', `the app (${opened.user?.login}) opened agent PR #${opened.number}`);
  } catch (error) {
    return warn('bot', `could not look for the app: ${explainGithubError(error, { apiUrl: config.github.apiUrl, repo: config.repo.github })}`);
  }
  return warn(
    'bot',
    `cannot tell whether the overnight app is installed on ${config.repo.github}: a user token cannot list app installations, and the app has left no dashboard issue or agent PR yet`,
    `install the app on ${config.repo.github} (\`overnight bot\` registers it), or set pr.openedBy to "runner"; without it the runner opens each PR after ${config.pr.fallbackAfterMinutes} minutes`,
  );
}
