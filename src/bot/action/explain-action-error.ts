import { hasStatus } from '../github.js';

const PERMISSIONS = 'contents: read, issues: write, pull-requests: write';

/**
 * A handler's failure as one line that says what to change in the workflow or the repository's
 * settings, for the errors an Actions token meets that a GitHub App never does.
 */
export function explainActionError(error: unknown, context: { event: string; apiUrl: string }): string {
  const message = error instanceof Error ? error.message : String(error);
  const request = (error as { request?: { method?: string; url?: string } }).request;
  const call = request?.method && request.url ? ` (${request.method} ${request.url.replace(context.apiUrl, '')})` : '';
  if (/not permitted to create or approve pull requests/i.test(message)) {
    return (
      `${context.event}: GitHub Actions may not open pull requests in this repository${call}. Allow it under Settings > Actions > ` +
      'General > Workflow permissions ("Allow GitHub Actions to create and approve pull requests"), or run the step with an App token ' +
      '(docs/bot.md, "The token").'
    );
  }
  if (hasStatus(error, 401)) {
    return `${context.event}: GitHub rejected GITHUB_TOKEN${call}: pass the job's token with \`env: GITHUB_TOKEN: \${{ github.token }}\`.`;
  }
  if (hasStatus(error, 403) && /not accessible by integration/i.test(message)) {
    return `${context.event}: the job's token may not do this${call}: give the job \`permissions:\` ${PERMISSIONS}.`;
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|fetch failed/i.test(message)) {
    return `${context.event}: cannot reach GITHUB_API_URL ${context.apiUrl}: ${message}`;
  }
  return `${context.event}: ${message}${call}`;
}
