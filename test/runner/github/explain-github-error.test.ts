import { Octokit } from '@octokit/rest';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explainGithubError, type ExplainContext } from '../../../src/runner/github/explain-github-error.js';

const API = 'https://api.github.com';
const GHE = 'https://ghe.acme.test/api/v3';
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const context: ExplainContext = { apiUrl: API, tokenSource: 'GH_TOKEN', repo: 'acme/widgets', timeZone: 'Europe/Berlin', now: () => new Date('2026-11-28T13:00:00Z') };

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(pending).toStrictEqual([]);
});

/** The error Octokit really throws for a request, so the shapes under test are its own. */
async function failure(call: (octokit: Octokit) => Promise<unknown>, baseUrl = API): Promise<unknown> {
  const octokit = new Octokit({ auth: 'secret', baseUrl, log: quiet });
  try {
    await call(octokit);
  } catch (error) {
    return error;
  }
  throw new Error('the request succeeded');
}

describe('explainGithubError', () => {
  it('names the token source and github.token on a 401', async () => {
    nock(API).get('/user').reply(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    const error = await failure((o) => o.rest.users.getAuthenticated());
    expect(explainGithubError(error, context)).toBe('GitHub rejected the token from GH_TOKEN (github.token): it is wrong, expired or revoked');
  });

  it('names repo.github on a 404 for the repository, also under a GitHub Enterprise path', async () => {
    nock(API).get('/repos/acme/widgets').reply(404, { message: 'Not Found' });
    nock('https://ghe.acme.test').get('/api/v3/repos/acme/widgets/issues').query(true).reply(404, { message: 'Not Found' });
    const expected = 'repo.github "acme/widgets" not found, or the token cannot see it';
    expect(explainGithubError(await failure((o) => o.rest.repos.get({ owner: 'acme', repo: 'widgets' })), context)).toBe(expected);
    const ghe = await failure((o) => o.rest.issues.listForRepo({ owner: 'acme', repo: 'widgets', per_page: 1 }), GHE);
    expect(explainGithubError(ghe, { ...context, apiUrl: GHE })).toBe(expected);
  });

  it('does not blame the repository for a missing file in it', async () => {
    nock(API).get('/repos/acme/widgets/contents/.github%2Fovernight.yml').reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/contents' });
    const error = await failure((o) => o.rest.repos.getContent({ owner: 'acme', repo: 'widgets', path: '.github/overnight.yml' }));
    expect(explainGithubError(error, context)).toBe('GitHub answered 404 to GET /repos/acme/widgets/contents/.github%2Fovernight.yml: Not Found');
  });

  it('gives the rate-limit reset in local time from x-ratelimit-reset', async () => {
    const reset = Date.parse('2026-11-28T13:42:10Z') / 1000;
    nock(API).get('/user').reply(403, { message: 'API rate limit exceeded for user ID 1.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) });
    const error = await failure((o) => o.rest.users.getAuthenticated());
    expect(explainGithubError(error, context)).toBe('GitHub rate limit reached; resets at 14:42 (in 43 min)');
  });

  it('reads retry-after on a 429 and on a secondary rate limit', async () => {
    nock(API).get('/user').reply(429, { message: 'Too Many Requests' }, { 'retry-after': '90' });
    nock(API).get('/user').reply(403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' });
    expect(explainGithubError(await failure((o) => o.rest.users.getAuthenticated()), context)).toBe('GitHub rate limit reached; resets at 14:01 (in 2 min)');
    expect(explainGithubError(await failure((o) => o.rest.users.getAuthenticated()), context)).toBe('GitHub rate limit reached; try again in a few minutes');
  });

  it('reports any other refusal with status, route and GitHub’s message', async () => {
    nock(API).post('/repos/acme/widgets/pulls').reply(403, { message: 'Resource not accessible by personal access token', documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request' });
    const error = await failure((o) => o.rest.pulls.create({ owner: 'acme', repo: 'widgets', head: 'agent/x', base: 'main', title: 't' }));
    expect(explainGithubError(error, context)).toBe('GitHub answered 403 to POST /repos/acme/widgets/pulls: Resource not accessible by personal access token');
  });

  it.each([
    ['ECONNREFUSED', 'connection refused (ECONNREFUSED)'],
    ['ENOTFOUND', 'host not found (ENOTFOUND)'],
    ['ETIMEDOUT', 'connection timed out (ETIMEDOUT)'],
    ['EAI_AGAIN', 'DNS lookup failed (offline?) (EAI_AGAIN)'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'its TLS certificate is not trusted (SELF_SIGNED_CERT_IN_CHAIN); point NODE_EXTRA_CA_CERTS at your CA bundle'],
  ])('names github.apiUrl when the connection fails with %s', async (code, reason) => {
    nock('https://ghe.acme.test').get('/api/v3/user').replyWithError(Object.assign(new Error(`${code} ghe.acme.test`), { code }));
    const error = await failure((o) => o.rest.users.getAuthenticated(), GHE);
    expect(explainGithubError(error, { ...context, apiUrl: GHE })).toBe(`cannot reach github.apiUrl ${GHE}: ${reason}`);
  });

  it('passes a plain error through', () => {
    expect(explainGithubError(new Error('something else'), context)).toBe('something else');
    expect(explainGithubError('text', context)).toBe('text');
  });
});
