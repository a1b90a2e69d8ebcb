import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestLog } from '../../src/sandbox/http/request-log.js';
import { SandboxClient } from '../../src/sandbox/client.js';
import { botClient, failure, OWNER, REPO, startSandbox, userClient, type Started } from './helpers.js';

// One clock reading for the whole file: App JWTs are checked against it, so it must be about now.
const NOW = new Date();
const AT = NOW.toISOString().replace(/\.\d{3}Z$/, 'Z');
const repo = { owner: OWNER, repo: REPO };

let started: Started;
beforeAll(async () => {
  started = await startSandbox({ now: () => NOW });
});
afterAll(() => started.cleanup());

describe('the sandbox request log', () => {
  it('records each REST request with its route, query, status and the user it spoke for', async () => {
    const { sandbox } = started;
    const mark = sandbox.requestMark();
    const octokit = userClient(sandbox, 'alice');
    const { data: created } = await octokit.rest.issues.create({ ...repo, title: 'Count the calls' });
    await octokit.rest.issues.listForRepo({ ...repo, labels: 'overnight', per_page: 5 });

    expect(sandbox.requests(mark)).toStrictEqual([
      { seq: mark + 1, at: AT, method: 'POST', path: `/repos/${OWNER}/${REPO}/issues`, route: '/repos/:owner/:repo/issues', query: '', status: 201, actor: { kind: 'user', login: 'alice' }, ms: expect.any(Number) },
      {
        seq: mark + 2,
        at: AT,
        method: 'GET',
        path: `/repos/${OWNER}/${REPO}/issues`,
        route: '/repos/:owner/:repo/issues',
        query: 'labels=overnight&per_page=5',
        status: 200,
        actor: { kind: 'user', login: 'alice' },
        ms: expect.any(Number),
      },
    ]);
    expect(created.number).toBeGreaterThan(0);
    expect(sandbox.requests(mark).every((record) => record.ms >= 0)).toBe(true);
  });

  it('tells the App (a JWT) from its installation, as the bot authenticates', async () => {
    const { sandbox } = started;
    const mark = sandbox.requestMark();
    const bot = await botClient(sandbox);
    await bot.rest.issues.get({ ...repo, issue_number: 1 });

    expect(sandbox.requests(mark).map(({ method, route, status, actor }) => ({ method, route, status, actor }))).toStrictEqual([
      { method: 'POST', route: '/app/installations/:id/access_tokens', status: 201, actor: { kind: 'app' } },
      { method: 'GET', route: '/repos/:owner/:repo/issues/:number', status: 200, actor: { kind: 'installation', login: 'overnight[bot]' } },
    ]);
  });

  it('records refusals too: no credential, a bad one, another repository, a path it does not serve', async () => {
    const { sandbox } = started;
    const mark = sandbox.requestMark();
    const log = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    await failure(new Octokit({ baseUrl: sandbox.apiUrl, log }).rest.repos.get(repo));
    await failure(new Octokit({ auth: 'ghp_forged', baseUrl: sandbox.apiUrl, log }).rest.repos.get(repo));
    const octokit = userClient(sandbox);
    await failure(octokit.rest.repos.getContent({ owner: OWNER, repo: '.github', path: '.github/overnight.yml' }));
    await failure(octokit.request('GET /repos/{owner}/{repo}/deployments', repo));

    expect(sandbox.requests(mark).map(({ path, route, status, actor }) => ({ path, route, status, actor }))).toStrictEqual([
      { path: `/repos/${OWNER}/${REPO}`, route: '/repos/:owner/:repo', status: 401, actor: { kind: 'anonymous' } },
      { path: `/repos/${OWNER}/${REPO}`, route: '/repos/:owner/:repo', status: 401, actor: { kind: 'anonymous' } },
      { path: `/repos/${OWNER}/.github/contents/.github%2Fovernight.yml`, route: '/repos/:owner/:repo/contents/*path', status: 404, actor: { kind: 'user', login: OWNER } },
      { path: `/repos/${OWNER}/${REPO}/deployments`, route: undefined, status: 404, actor: { kind: 'user', login: OWNER } },
    ]);
    expect(sandbox.requests(mark).at(-1)).not.toHaveProperty('route');
  });

  it("leaves out what is not GitHub's API: the Sandbox object's own methods and the /_sandbox/ API", async () => {
    const { sandbox } = started;
    const mark = sandbox.requestMark();
    const client = new SandboxClient(sandbox.info().webUrl);
    const issue = await sandbox.createIssue(OWNER, { title: 'Filed through the sandbox' });
    await client.createComment(OWNER, issue.number, 'and commented through its API');
    await client.snapshot();

    expect(sandbox.requestMark()).toBe(mark);
    expect(sandbox.requests(mark)).toStrictEqual([]);
  });

  it('serves the log on /_sandbox/requests, sliced at a mark, and refuses a mark that is not a number', async () => {
    const { sandbox } = started;
    const client = new SandboxClient(sandbox.info().webUrl);
    const mark = await client.requestMark();
    expect(mark).toBe(sandbox.requestMark());
    await userClient(sandbox).rest.repos.get(repo);

    const later = await client.requests(mark);
    expect(later.map(({ seq, method, route }) => ({ seq, method, route }))).toStrictEqual([{ seq: mark + 1, method: 'GET', route: '/repos/:owner/:repo' }]);
    expect((await client.requests()).length).toBe(mark + 1);
    const bad = await fetch(`${sandbox.info().webUrl}/_sandbox/requests?since=yesterday`);
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ message: expect.stringContaining('"since"') });
  });
});

describe('RequestLog', () => {
  const entry = (path: string) => ({ at: AT, method: 'GET', path, query: '', status: 200, actor: { kind: 'anonymous' as const }, ms: 1 });

  it('keeps the newest `limit` records, dropping a tenth at a time, while sequence numbers keep counting', () => {
    const log = new RequestLog(20);
    for (let n = 1; n <= 21; n += 1) log.add(entry(`/${n}`));
    expect(log.mark()).toBe(21);
    expect(log.since().map((record) => record.seq)).toStrictEqual(Array.from({ length: 19 }, (_, index) => index + 3));
    expect(log.since(19).map((record) => record.path)).toStrictEqual(['/20', '/21']);
    // A mark from before the dropped records still slices: it gets all that is kept.
    expect(log.since(1)).toHaveLength(19);
    expect(log.since(21)).toStrictEqual([]);
  });

  it('slices an empty log and one that never overflowed', () => {
    const log = new RequestLog();
    expect(log.mark()).toBe(0);
    expect(log.since()).toStrictEqual([]);
    log.add(entry('/a'));
    log.add(entry('/b'));
    expect(log.since(1).map((record) => record.path)).toStrictEqual(['/b']);
  });
});
