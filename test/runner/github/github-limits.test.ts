import nock from 'nock';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGithub } from '../../../src/runner/github/index.js';
import { rateLimitOf, rateLimitReason } from '../../../src/runner/github/rate-limit.js';
import { API, issue, REPO } from '../helpers/github-mock.js';

let lines: { msg: string; status?: number; attempt?: number; retryAfter?: number; waits?: boolean }[];

beforeEach(() => {
  nock.disableNetConnect();
  lines = [];
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(pending).toStrictEqual([]);
});

/** The client as the runner builds it, with one "second" of backoff or retry-after lasting 1 ms. */
function github(extra: { requestTimeoutMs?: number; maxRateLimitWaitSeconds?: number } = {}) {
  const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) });
  return createGithub({ apiUrl: API, token: 'ghs_runnertoken', repo: 'acme/widgets', paceWrites: false, secondMs: 1, log, ...extra });
}

const issues = () => nock(API).get(`${REPO}/issues`).query({ state: 'open', labels: 'overnight', per_page: '100' });
const secondary = { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' };

describe("the runner's GitHub client", () => {
  it('retries a 502 and goes on, logging the failed attempt', async () => {
    issues().reply(502, { message: 'Bad Gateway' });
    issues().reply(200, [issue({ number: 12, title: 'Add notes' })]);
    expect((await github().listGoalIssues('overnight')).map((found) => found.number)).toStrictEqual([12]);
    expect(lines.map(({ msg, status, attempt }) => ({ msg, status, attempt }))).toStrictEqual([
      { msg: 'GitHub request failed (502): GET https://api.github.com/repos/acme/widgets/issues?state=open&labels=overnight&per_page=100, attempt 1', status: 502, attempt: 1 },
    ]);
  });

  it('gives up after three retries of a failure that does not pass', async () => {
    issues().times(4).reply(503, { message: 'Service Unavailable' });
    await expect(github().listGoalIssues('overnight')).rejects.toMatchObject({ status: 503 });
    expect(lines.map((line) => line.attempt)).toStrictEqual([1, 2, 3, 4]);
  });

  it('never retries a 4xx that is no rate limit', async () => {
    nock(API).get(`${REPO}/git/commits/c1`).reply(404, { message: 'Not Found' });
    await expect(github().readCommit('c1')).rejects.toMatchObject({ status: 404 });
    expect(lines).toStrictEqual([]);
  });

  it('waits out a secondary rate limit whose retry-after is short, and says so', async () => {
    issues().reply(403, secondary, { 'retry-after': '30' });
    issues().reply(200, []);
    expect(await github().listGoalIssues('overnight')).toStrictEqual([]);
    expect(lines).toMatchObject([{ retryAfter: 30, waits: true, msg: expect.stringMatching(/^GitHub secondary rate limit reached; retrying GET \S+ in 30 s$/) }]);
  });

  it('gives up on a secondary rate limit that lasts longer than the runner waits, with the reset time', async () => {
    issues().reply(403, secondary, { 'retry-after': '3600' });
    const error = await github().listGoalIssues('overnight').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 403 });
    expect(lines).toMatchObject([{ retryAfter: 3600, waits: false }]);
    const now = new Date('2026-11-28T01:13:00Z');
    expect(rateLimitReason(rateLimitOf(error, now)!, 'Europe/Berlin')).toBe('GitHub secondary rate limit reached; resets at 03:13 (Europe/Berlin)');
  });

  it('gives up on an exhausted primary limit whose reset is far, reading the reset from x-ratelimit-reset', async () => {
    // Years ahead of the real clock, which the throttle reads (and before 2038: it truncates the
    // header to 32 bits), so the wait is always past the bound.
    const reset = Math.floor(Date.parse('2030-11-28T01:13:00Z') / 1000);
    issues().reply(403, { message: 'API rate limit exceeded for user ID 1.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) });
    const error = await github().listGoalIssues('overnight').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 403 });
    expect(lines).toMatchObject([{ waits: false, msg: expect.stringMatching(/^GitHub rate limit reached; it resets in \d+ s, past the 60 s the runner waits/) }]);
    expect(rateLimitReason(rateLimitOf(error, new Date('2030-11-28T00:30:00Z'))!, 'Europe/Berlin')).toBe('GitHub rate limit reached; resets at 02:13 (Europe/Berlin)');
  });

  it('waits out a 429 whose retry-after is short, and never asks again before a long one has passed', async () => {
    issues().reply(429, { message: 'Too Many Requests' }, { 'retry-after': '1' });
    issues().reply(200, []);
    expect(await github().listGoalIssues('overnight')).toStrictEqual([]);
    expect(lines).toMatchObject([
      { status: 429, attempt: 1 },
      { retryAfter: 1, waits: true, msg: expect.stringMatching(/^GitHub rate limit reached; retrying GET \S+ in 1 s$/) },
    ]);
    lines = [];
    // One reply only: asking again within the hour GitHub named would only prolong the limit.
    issues().reply(429, { message: 'Too Many Requests' }, { 'retry-after': '120' });
    const error = await github().listGoalIssues('overnight').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 429 });
    expect(lines).toMatchObject([{ status: 429 }, { retryAfter: 120, waits: false }]);
    expect(rateLimitOf(error, new Date('2026-11-28T01:00:00Z'))).toStrictEqual({ resetAt: new Date('2026-11-28T01:02:00Z'), secondary: false });
  });

  it('logs a request that got no answer as such, not as the 500 Octokit gives it, and retries it', async () => {
    issues().replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    issues().reply(200, []);
    expect(await github().listGoalIssues('overnight')).toStrictEqual([]);
    expect(lines).toMatchObject([{ msg: expect.stringMatching(/^GitHub request failed \(no answer\): GET \S+, attempt 1$/) }]);
    expect(lines[0]?.status).toBeUndefined();
  });
});
