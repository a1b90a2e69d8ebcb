import { Octokit } from '@octokit/rest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SandboxClient } from '../../src/sandbox/client.js';
import { FaultInjector } from '../../src/sandbox/http/faults.js';
import { OWNER, REPO, failure, startSandbox, type Started } from './helpers.js';

let started: Started;
let client: SandboxClient;
let octokit: Octokit;
const repo = { owner: OWNER, repo: REPO };
const ISSUES = `/api/v3/repos/${OWNER}/${REPO}/issues`;

beforeAll(async () => {
  started = await startSandbox();
  client = new SandboxClient(started.sandbox.info().webUrl);
  // No retries: each request here is one attempt, so the faults' counts are exact.
  octokit = new Octokit({ auth: started.sandbox.userToken(OWNER), baseUrl: started.sandbox.apiUrl, log: { debug() {}, info() {}, warn() {}, error() {} } });
});
afterEach(() => client.clearFaults());
afterAll(() => started.cleanup());

/** A raw request to the stand-in's REST API, for what Octokit hides (resets, hangs). */
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${started.sandbox.apiUrl}${path}`, { ...init, headers: { authorization: `token ${started.sandbox.userToken(OWNER)}`, ...init.headers } });

describe('FaultInjector: which requests meet a fault', () => {
  const at = () => new Date('2026-11-28T01:07:00Z');

  it('matches the method (or any, with *) and the path glob: * within a segment, ** across', () => {
    const faults = new FaultInjector(at);
    faults.add({ method: 'delete', path: '/api/v3/repos/*/*/git/refs/heads/overnight-claims/**', times: 5, action: { kind: 'status', status: 502 } });
    faults.add({ path: '/api/v3/repos/*/*/issues', times: 5, action: { kind: 'reset' } });
    expect(faults.take('GET', '/api/v3/repos/o/r/git/refs/heads/overnight-claims/issue-1')).toBeUndefined();
    expect(faults.take('DELETE', '/api/v3/repos/o/r/git/refs/heads/overnight-claims/issue-1')).toMatchObject({ kind: 'status', status: 502 });
    expect(faults.take('DELETE', '/api/v3/repos/o/r/git/refs/heads/main')).toBeUndefined();
    expect(faults.take('POST', '/api/v3/repos/o/r/issues')).toStrictEqual({ kind: 'reset' });
    // `*` stops at a slash: the comments of an issue are another path.
    expect(faults.take('GET', '/api/v3/repos/o/r/issues/1/comments')).toBeUndefined();
  });

  it('meets the next N matching requests, the first armed fault first, and keeps each hit', () => {
    const faults = new FaultInjector(at);
    const first = faults.add({ method: 'GET', path: '/x', times: 2, action: { kind: 'status', status: 502 } });
    faults.add({ method: 'GET', path: '/x', action: { kind: 'status', status: 503 } });
    const statuses = [1, 2, 3, 4].map(() => {
      const action = faults.take('GET', '/x');
      return action?.kind === 'status' ? action.status : undefined;
    });
    expect(statuses).toStrictEqual([502, 502, 503, undefined]);
    const [used] = faults.list();
    expect(used).toMatchObject({ id: first.id, remaining: 0, hits: [{ at: '2026-11-28T01:07:00.000Z', method: 'GET', path: '/x' }, { method: 'GET' }] });
    expect(faults.clear(first.id)).toBe(1);
    expect(faults.clear(first.id)).toBe(0);
    expect(faults.clear()).toBe(1);
    expect(faults.list()).toStrictEqual([]);
  });

  it('refuses a fault it cannot play, naming the field', () => {
    const faults = new FaultInjector(at);
    expect(() => faults.add({ path: 'issues', action: { kind: 'status', status: 502 } })).toThrow(/path/);
    expect(() => faults.add({ path: '/x', action: { kind: 'status', status: 99 } })).toThrow(/status/);
    expect(() => faults.add({ path: '/x', times: 0, action: { kind: 'reset' } })).toThrow(/times/);
  });
});

describe('faults on the REST API, armed through /_sandbox/faults', () => {
  it('answers a status with its headers and body N times, then the real answer', async () => {
    const body = { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits' };
    const armed = await client.addFault({ method: 'GET', path: ISSUES, times: 2, action: { kind: 'status', status: 403, headers: { 'retry-after': '30' }, body } });
    for (const attempt of [1, 2]) {
      const refused = await failure(octokit.rest.issues.listForRepo(repo));
      expect(refused, `attempt ${attempt}`).toMatchObject({ status: 403, data: body });
    }
    const response = await api(`/repos/${OWNER}/${REPO}/issues`);
    expect(response.status).toBe(200);
    const [fault] = await client.faults();
    expect(fault).toMatchObject({ id: armed.id, remaining: 0, hits: [{ method: 'GET', path: ISSUES }, { method: 'GET', path: ISSUES }] });
  });

  it('gives the status GitHub-shaped body by default, and carries the header', async () => {
    await client.addFault({ method: 'DELETE', path: `/api/v3/repos/*/*/git/refs/heads/overnight-claims/**`, action: { kind: 'status', status: 502, headers: { 'retry-after': '1' } } });
    const response = await api(`/repos/${OWNER}/${REPO}/git/refs/heads%2Fovernight-claims%2Fissue-1`, { method: 'DELETE' });
    expect(response.status).toBe(502);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ message: 'Bad Gateway' });
  });

  it('resets the connection: the client sees ECONNRESET, no answer', async () => {
    await client.addFault({ path: ISSUES, action: { kind: 'reset' } });
    const error = (await api(`/repos/${OWNER}/${REPO}/issues`).catch((caught: unknown) => caught)) as Error & { cause?: { code?: string } };
    expect(error).toBeInstanceOf(TypeError);
    expect(error.cause?.code).toBe('ECONNRESET');
    expect((await api(`/repos/${OWNER}/${REPO}/issues`)).status).toBe(200);
  });

  it('hangs: without ms until the client gives up; with ms, then the real answer', async () => {
    await client.addFault({ path: ISSUES, action: { kind: 'hang' } });
    const gaveUp = await api(`/repos/${OWNER}/${REPO}/issues`, { signal: AbortSignal.timeout(300) }).catch((caught: Error) => caught.name);
    expect(gaveUp).toBe('TimeoutError');

    await client.addFault({ path: ISSUES, action: { kind: 'hang', ms: 150 } });
    const slow = await api(`/repos/${OWNER}/${REPO}/issues`);
    expect(slow.status).toBe(200);
    expect(await slow.json()).toStrictEqual([]);
    expect((await client.faults()).map((fault) => fault.hits.length)).toStrictEqual([1, 1]);
  });

  it('never faults the control API, so a test can always disarm what it armed', async () => {
    await client.addFault({ method: '*', path: '/**', times: 100, action: { kind: 'status', status: 500 } });
    expect((await client.info()).owner).toBe(OWNER);
    expect((await api(`/repos/${OWNER}/${REPO}/issues`)).status).toBe(500);
    await client.clearFaults();
    expect(await client.faults()).toStrictEqual([]);
    expect((await api(`/repos/${OWNER}/${REPO}/issues`)).status).toBe(200);
  });

  it('disarms one fault by id; 404 for one it does not know', async () => {
    const fault = await client.addFault({ path: ISSUES, action: { kind: 'reset' } });
    await client.clearFaults(fault.id);
    await expect(client.clearFaults(fault.id)).rejects.toThrow(/HTTP 404/);
    await expect(client.addFault({ path: ISSUES, action: { kind: 'explode' } } as never)).rejects.toThrow(/HTTP 422/);
  });
});

describe("GitHub's clock in the stand-in", () => {
  afterEach(() => client.setClockOffset(0));

  it('dates commits made through the API, and every answer, by its clock; the clock can be moved', async () => {
    const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const { data: base } = await octokit.rest.git.getCommit({ ...repo, commit_sha: main.object.sha });
    const fourHours = 4 * 3_600_000;
    const moved = await client.setClockOffset(-fourHours);
    expect(Math.abs(Date.parse(moved.now) - (Date.now() - fourHours))).toBeLessThan(60_000);

    const { data: claim, headers } = await octokit.rest.git.createCommit({ ...repo, message: 'claim', tree: base.tree.sha, parents: [base.sha] });
    const answeredAt = Date.parse(String(headers.date));
    expect(Math.abs(answeredAt - (Date.now() - fourHours))).toBeLessThan(60_000);
    expect(Math.abs(Date.parse(claim.committer.date) - answeredAt)).toBeLessThan(2_000);
    expect(claim.author.date).toBe(claim.committer.date);

    await client.setClockOffset(0);
    const { headers: now } = await octokit.rest.git.getCommit({ ...repo, commit_sha: claim.sha });
    // Read back four hours later by GitHub's clock: what a runner ages a claim with.
    expect(Date.parse(String(now.date)) - Date.parse(claim.committer.date)).toBeGreaterThanOrEqual(fourHours - 2_000);
  });

  it('keeps the dates and the committer a commit is created with', async () => {
    const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const { data: base } = await octokit.rest.git.getCommit({ ...repo, commit_sha: main.object.sha });
    const { data } = await octokit.rest.git.createCommit({
      ...repo,
      message: 'dated',
      tree: base.tree.sha,
      parents: [base.sha],
      author: { name: 'Ada', email: 'ada@example.com', date: '2026-11-27T20:00:00Z' },
      committer: { name: 'Bob', email: 'bob@example.com', date: '2026-11-27T21:00:00Z' },
    });
    expect(data.author).toStrictEqual({ name: 'Ada', email: 'ada@example.com', date: '2026-11-27T20:00:00Z' });
    expect(data.committer).toStrictEqual({ name: 'Bob', email: 'bob@example.com', date: '2026-11-27T21:00:00Z' });
  });
});
