import { describe, expect, it } from 'vitest';
import { readActionsEnv } from '../../src/bot/action/actions-env.js';

const JOB = {
  GITHUB_EVENT_NAME: 'issue_comment',
  GITHUB_EVENT_PATH: '/home/runner/work/_temp/_github_workflow/event.json',
  GITHUB_REPOSITORY: 'octo-org/widgets',
  GITHUB_TOKEN: 'ghs_job',
};

describe('readActionsEnv', () => {
  it("reads a github.com job: the API URL defaults to GitHub's, the run and attempt name the delivery", () => {
    expect(readActionsEnv({ ...JOB, GITHUB_RUN_ID: '9120', GITHUB_RUN_ATTEMPT: '2' })).toStrictEqual({
      eventName: 'issue_comment',
      eventPath: '/home/runner/work/_temp/_github_workflow/event.json',
      token: 'ghs_job',
      repo: { owner: 'octo-org', repo: 'widgets' },
      apiUrl: 'https://api.github.com',
      deliveryId: 'actions-run-9120-2',
    });
  });

  it('takes a GitHub Enterprise Server API root as the job gives it, without a trailing slash', () => {
    expect(readActionsEnv({ ...JOB, GITHUB_API_URL: 'https://ghe.example.com/api/v3/' }).apiUrl).toBe('https://ghe.example.com/api/v3');
  });

  it('names each missing variable once, in one message', () => {
    expect(() => readActionsEnv({ GITHUB_TOKEN: 'x', GITHUB_REPOSITORY: 'a/b' })).toThrow(/^GITHUB_EVENT_NAME, GITHUB_EVENT_PATH are not set: /);
    expect(() => readActionsEnv({ ...JOB, GITHUB_REPOSITORY: 'a/b/c' })).toThrow('GITHUB_REPOSITORY is "a/b/c", expected "owner/name".');
  });
});
