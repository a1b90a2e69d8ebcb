import { describe, expect, it } from 'vitest';
import { actionsLogger, formatActionsLine } from '../../src/bot/action/actions-log.js';
import { explainActionError } from '../../src/bot/action/explain-action-error.js';

describe('formatActionsLine', () => {
  it('makes warnings and errors annotations, debug a debug command, info a plain line with its fields', () => {
    expect(formatActionsLine({ level: 30, msg: 'agent push', ref: 'refs/heads/agent/x', result: { status: 'opened', pr: 3 } })).toBe(
      'agent push {"ref":"refs/heads/agent/x","result":{"status":"opened","pr":3}}',
    );
    expect(formatActionsLine({ level: 40, msg: 'could not request reviewers', pr: 3 })).toBe('::warning::could not request reviewers {"pr":3}');
    expect(formatActionsLine({ level: 50, msg: 'reconciliation failed', err: { message: 'Not Found' } })).toBe('::error::reconciliation failed: Not Found');
    expect(formatActionsLine({ level: 20, msg: 'GET /repos/a/b - 200' })).toBe('::debug::GET /repos/a/b - 200');
  });

  it('escapes what the runner unescapes in a command, and keeps an info record on one line', () => {
    expect(formatActionsLine({ level: 50, msg: 'Invalid request.\n\n100% wrong\r' })).toBe('::error::Invalid request.%0A%0A100%25 wrong%0D');
    // A line of GitHub's text starting with `::` must never reach the runner as a command.
    expect(formatActionsLine({ level: 30, msg: 'reply\n::add-mask::x' })).toBe('reply\\n::add-mask::x');
  });

  it('says an error logged on its own once, and leaves the pid, host and time to the runner', () => {
    const lines: string[] = [];
    const log = actionsLogger({ write: (line) => lines.push(line) });
    log.error(Object.assign(new Error('Bad credentials'), { status: 401 }));
    log.child({ name: 'event', id: 'actions-run-1-1' }).info({ issue: 4 }, 'acknowledged');
    log.error(new Error('connect ECONNREFUSED 127.0.0.1:9', { cause: new Error('fetch failed') }));
    expect(lines).toEqual(['::error::Bad credentials\n', 'acknowledged {"issue":4}\n', '::error::connect ECONNREFUSED 127.0.0.1:9: fetch failed\n']);
  });
});

describe('explainActionError', () => {
  const context = { event: 'push', apiUrl: 'https://api.github.com' };
  const requestError = (status: number, message: string, method = 'POST', path = '/repos/o/r/pulls') =>
    Object.assign(new Error(message), { status, request: { method, url: `https://api.github.com${path}` } });

  it('names the repository setting when Actions may not open pull requests', () => {
    expect(explainActionError(requestError(403, 'GitHub Actions is not permitted to create or approve pull requests.'), context)).toBe(
      'push: GitHub Actions may not open pull requests in this repository (POST /repos/o/r/pulls). Allow it under Settings > Actions > ' +
        'General > Workflow permissions ("Allow GitHub Actions to create and approve pull requests"), or run the step with an App token (docs/bot.md, "The token").',
    );
  });

  it('names the permissions block when the token may not do something', () => {
    expect(explainActionError(requestError(403, 'Resource not accessible by integration', 'POST', '/repos/o/r/issues/1/labels'), context)).toBe(
      'push: the job\'s token may not do this (POST /repos/o/r/issues/1/labels): give the job `permissions:` contents: read, issues: write, pull-requests: write.',
    );
  });

  it('names GITHUB_TOKEN for a rejected token and GITHUB_API_URL for one it cannot reach', () => {
    expect(explainActionError(requestError(401, 'Bad credentials', 'GET', '/repos/o/r'), context)).toMatch(/^push: GitHub rejected GITHUB_TOKEN \(GET \/repos\/o\/r\)/);
    expect(explainActionError(requestError(500, 'connect ECONNREFUSED 127.0.0.1:9'), { ...context, apiUrl: 'http://127.0.0.1:9/api/v3' })).toBe(
      'push: cannot reach GITHUB_API_URL http://127.0.0.1:9/api/v3: connect ECONNREFUSED 127.0.0.1:9',
    );
  });

  it('passes anything else through with the call that failed', () => {
    expect(explainActionError(requestError(422, 'Validation Failed'), context)).toBe('push: Validation Failed (POST /repos/o/r/pulls)');
    expect(explainActionError(new Error('boom'), context)).toBe('push: boom');
  });
});
