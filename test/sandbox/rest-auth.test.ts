import { generateKeyPairSync } from 'node:crypto';
import { Octokit } from '@octokit/rest';
import { Probot } from 'probot';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, OWNER, REPO, probot, startSandbox, userClient, failure, type Started } from './helpers.js';

let started: Started;
beforeAll(async () => {
  started = await startSandbox();
});
afterAll(() => started.cleanup());

describe('sandbox REST: authentication', () => {
  it('listens on 127.0.0.1 only and names itself as a GHE host', () => {
    expect(started.sandbox.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
    expect(started.sandbox.apiUrl).toBe(`http://${started.sandbox.gheHost}/api/v3`);
  });

  it('answers 401 "Requires authentication" without a token', async () => {
    const anonymous = new Octokit({ baseUrl: started.sandbox.apiUrl });
    const { status, data } = await failure(anonymous.rest.repos.get({ owner: OWNER, repo: REPO }));
    expect(status).toBe(401);
    expect(data).toMatchObject({ message: 'Requires authentication' });
  });

  it('answers 401 "Bad credentials" for a token it never issued', async () => {
    const stranger = new Octokit({ auth: 'ghp_notatoken', baseUrl: started.sandbox.apiUrl });
    const { status, data } = await failure(stranger.rest.repos.get({ owner: OWNER, repo: REPO }));
    expect(status).toBe(401);
    expect(data).toMatchObject({ message: 'Bad credentials' });
  });

  it('answers 404 "Not Found" for another repository and for paths it does not serve', async () => {
    const octokit = userClient(started.sandbox);
    const other = await failure(octokit.rest.repos.get({ owner: OWNER, repo: 'elsewhere' }));
    expect(other).toMatchObject({ status: 404, data: { message: 'Not Found' } });
    const unknown = await failure(octokit.request('GET /repos/{owner}/{repo}/deployments', { owner: OWNER, repo: REPO }));
    expect(unknown).toMatchObject({ status: 404, data: { message: 'Not Found' } });
  });

  it('serves the repository with its default branch to a user token', async () => {
    const { data } = await userClient(started.sandbox).rest.repos.get({ owner: OWNER, repo: REPO });
    expect(data).toMatchObject({ full_name: `${OWNER}/${REPO}`, default_branch: 'main', owner: { login: OWNER } });
  });

  it('authenticates the App by JWT and issues installation tokens, as probot does', async () => {
    const app = probot(started.sandbox);
    const asApp = await app.auth();
    const { data: self } = await asApp.rest.apps.getAuthenticated();
    expect(self).toMatchObject({ id: APP_ID, slug: 'overnight' });
    const { data: installations } = await asApp.rest.apps.listInstallations();
    expect(installations.map((installation) => installation.id)).toStrictEqual([1]);
    const { data: repoInstallation } = await asApp.rest.apps.getRepoInstallation({ owner: OWNER, repo: REPO });
    expect(repoInstallation.id).toBe(1);

    const asInstallation = await app.auth(1);
    const { data: accessible } = await asInstallation.rest.apps.listReposAccessibleToInstallation();
    expect(accessible.repositories.map((repo) => repo.full_name)).toStrictEqual([`${OWNER}/${REPO}`]);
    const { data: created } = await asInstallation.rest.issues.create({ owner: OWNER, repo: REPO, title: 'Dashboard' });
    expect(created.user).toMatchObject({ login: 'overnight[bot]', type: 'Bot' });
  });

  it('refuses a JWT signed with another key, and installation routes for an App JWT', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const impostor = new Probot({ appId: APP_ID, privateKey, baseUrl: started.sandbox.apiUrl, log: pino({ level: 'silent' }) });
    const { status } = await failure((await impostor.auth()).rest.apps.getAuthenticated());
    expect(status).toBe(401);
    const asApp = await probot(started.sandbox).auth();
    const { token } = (await asApp.auth({ type: 'app' })) as { token: string };
    const response = await fetch(`${started.sandbox.apiUrl}/repos/${OWNER}/${REPO}/issues`, { headers: { authorization: `bearer ${token}` } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ message: 'Resource not accessible by integration' });
  });

  it('refuses App endpoints to a user token', async () => {
    const { status } = await failure(userClient(started.sandbox).rest.apps.getAuthenticated());
    expect(status).toBe(401);
  });
});
