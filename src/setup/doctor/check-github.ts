import type { Octokit } from '@octokit/rest';
import type { RunnerConfig } from '../../config/index.js';
import { explainGithubError, type ExplainContext } from '../../runner/index.js';
import { fail, ok, type DoctorCheck } from './types.js';

export interface GithubAccessInput {
  octokit: Octokit;
  config: RunnerConfig;
  /** Where the token came from, for "GitHub rejected the token from ...". */
  tokenSource: string;
  timeoutMs: number;
  timeZone?: string;
}

export interface RepositoryFacts {
  private: boolean;
  defaultBranch: string;
}

/**
 * The token against GitHub, each step only once the one before passed: accepted (GET /user), can
 * see `repo.github`, may push (the runner pushes agent/* branches), can read issues (the goals).
 */
export async function checkGithubAccess({ octokit, config, tokenSource, timeoutMs, timeZone }: GithubAccessInput): Promise<{ checks: DoctorCheck[]; repository?: RepositoryFacts }> {
  const [owner = '', repo = ''] = config.repo.github.split('/');
  const context: ExplainContext = { apiUrl: config.github.apiUrl, tokenSource, repo: config.repo.github, ...(timeZone ? { timeZone } : {}) };
  const explain = (error: unknown) => explainGithubError(error, context);
  const request = () => ({ request: { signal: AbortSignal.timeout(timeoutMs) } });
  const checks: DoctorCheck[] = [];

  let scopes: string[] | undefined;
  try {
    const user = await octokit.rest.users.getAuthenticated(request());
    const header = user.headers['x-oauth-scopes'];
    // Classic and OAuth tokens list their scopes; fine-grained and app tokens send no header.
    scopes = typeof header === 'string' ? header.split(',').map((scope) => scope.trim()).filter(Boolean) : undefined;
    checks.push(ok('token-accepted', `GitHub accepts the token from ${tokenSource} (signed in as ${user.data.login})`));
  } catch (error) {
    checks.push(fail('token-accepted', explain(error), 'create a new token (`overnight auth login`) or fix github.token'));
    return { checks };
  }

  let data: { private: boolean; default_branch: string; has_issues: boolean; permissions?: { push?: boolean } };
  try {
    data = (await octokit.rest.repos.get({ owner, repo, ...request() })).data;
    checks.push(ok('repository', `${config.repo.github} is visible (${data.private ? 'private' : 'public'})`));
  } catch (error) {
    checks.push(fail('repository', explain(error), 'check repo.github, and that the token was granted this repository'));
    return { checks };
  }
  const repository = { private: data.private, defaultBranch: data.default_branch };

  const scopeMissing = scopes !== undefined && !scopes.includes('repo') && (data.private || !scopes.includes('public_repo'));
  if (data.permissions?.push !== true) {
    checks.push(fail('push-permission', `the token's user cannot push to ${config.repo.github}; the runner pushes agent/* branches there`, 'use the token of a user with write access to the repository'));
  } else if (scopeMissing) {
    checks.push(fail('push-permission', `the token has scopes "${scopes?.join(', ')}" but pushing to a ${data.private ? 'private' : 'public'} repository needs "${data.private ? 'repo' : 'public_repo'}"`, 'create a token with the repo scope (`overnight auth login`)'));
  } else {
    const note = scopes === undefined ? ' (a fine-grained token also needs Contents: read and write)' : '';
    checks.push(ok('push-permission', `the token can push to ${config.repo.github}${note}`));
  }

  if (!data.has_issues) {
    checks.push(fail('issues', `issues are turned off for ${config.repo.github}, and goals are issues labelled overnight`, 'turn on Issues in the repository settings (General → Features), or use static goals only'));
  } else {
    try {
      await octokit.rest.issues.listForRepo({ owner, repo, per_page: 1, ...request() });
      checks.push(ok('issues', `issues of ${config.repo.github} are readable`));
    } catch (error) {
      checks.push(fail('issues', explain(error), 'grant the token read access to issues (fine-grained: Issues: read and write)'));
    }
  }
  return { checks, repository };
}
