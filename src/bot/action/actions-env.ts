import type { Repo } from '../github.js';

/** What a GitHub Actions job tells the bot about the event that started it. */
export interface ActionsEnv {
  /** `GITHUB_EVENT_NAME`: the webhook event name (`push`, `issue_comment`, ...) or `schedule`, `workflow_dispatch`. */
  eventName: string;
  /** `GITHUB_EVENT_PATH`: the file holding the event's webhook payload. */
  eventPath: string;
  token: string;
  repo: Repo;
  /** `GITHUB_API_URL`: `https://api.github.com`, or `https://HOST/api/v3` on GitHub Enterprise Server. */
  apiUrl: string;
  /** Stands in for a webhook delivery id in logs and the `x-github-delivery` header: the run and its attempt. */
  deliveryId: string;
}

/** A job that is not set up to run the bot: the message says which variable to set and how. */
export class ActionSetupError extends Error {
  override readonly name = 'ActionSetupError';
}

const REQUIRED = ['GITHUB_EVENT_NAME', 'GITHUB_EVENT_PATH', 'GITHUB_REPOSITORY'] as const;

/**
 * Reads the job's default variables, which the runner sets in every job, and the token, which it
 * does not: the workflow passes it (`env: GITHUB_TOKEN: ${{ github.token }}`).
 */
export function readActionsEnv(env: NodeJS.ProcessEnv = process.env): ActionsEnv {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new ActionSetupError(
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set: \`overnight action\` handles the event of a GitHub Actions ` +
        'job and reads the variables every job has; run it as a step of a workflow (see examples/workflows/overnight.yml).',
    );
  }
  const token = env.GITHUB_TOKEN;
  if (!token) {
    throw new ActionSetupError(
      'GITHUB_TOKEN is not set: pass the job\'s token to the step with `env: GITHUB_TOKEN: ${{ github.token }}` ' +
        '(or an App token, see docs/bot.md).',
    );
  }
  const [owner, name, ...rest] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !name || rest.length > 0) {
    throw new ActionSetupError(`GITHUB_REPOSITORY is "${env.GITHUB_REPOSITORY}", expected "owner/name".`);
  }
  const runId = env.GITHUB_RUN_ID;
  return {
    eventName: env.GITHUB_EVENT_NAME!,
    eventPath: env.GITHUB_EVENT_PATH!,
    token,
    repo: { owner, repo: name },
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    deliveryId: runId ? `actions-run-${runId}-${env.GITHUB_RUN_ATTEMPT ?? '1'}` : 'actions-run-local',
  };
}
