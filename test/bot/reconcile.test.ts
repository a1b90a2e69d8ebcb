import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { reconcileInstallation } from '../../src/bot/prs/reconcile.js';
import { R, capture, dashboardRefresh, github, issue, listedPr, noRepoConfig, type Sent } from './github-mock.js';
import { GOAL, OWNER, REPO, commitMessage, installationCreated, prBody } from './payloads.js';
import { BOT_LOGIN, deliver, quietOctokit, testProbot, useNock } from './probot.js';

const self = () => Promise.resolve(BOT_LOGIN);

useNock();

const log = pino({ level: 'silent' });
const octokit = () => new (quietOctokit())({ auth: 'test-token', log } as never);
const refs = (names: [string, string][]) => names.map(([ref, sha]) => ({ ref: `refs/heads/${ref}`, object: { sha, type: 'commit' } }));
const MATCHING_REFS = new RegExp(`^${R}/git/matching-refs/heads(%2F|/)agent(%2F|/)`);
const installationRepos = {
  total_count: 1,
  repositories: [{ name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER }, default_branch: 'main' }],
};

describe('start-up reconciliation', () => {
  it('opens the missing PR of a pushed agent branch and leaves the others alone', async () => {
    const scope = github();
    const sent: Sent = {};
    const [withoutPr, withPr, withoutTrailers] = ['20261128-0107-aaaaaa', '20261128-0137-bbbbbb', '20261128-0207-cccccc'];
    scope.get('/installation/repositories').query({ per_page: '100' }).reply(200, installationRepos);
    noRepoConfig(scope);
    scope
      .get(MATCHING_REFS)
      .query({ per_page: '100' })
      .reply(200, refs([[`agent/${withoutPr}`, 'a1'], [`agent/${withPr}`, 'b1'], [`agent/${withoutTrailers}`, 'c1'], ['agent/experiment', 'd1']]));
    // One listing of the newest PRs answers for every branch (it holds all of them), and one of the
    // open goals for every goal; the dashboard rebuilt at the end reuses both.
    // agent/<withoutPr>: no PR, trailers -> opened
    scope
      .get(`${R}/git/commits/a1`)
      .reply(200, { sha: 'a1', message: commitMessage({ session: withoutPr }) })
      .get(`${R}/compare/main...a1`)
      .query(true)
      .reply(200, { files: [{ filename: 'a.ts', additions: 1, deletions: 0 }] })
      .post(`${R}/pulls`)
      .reply(capture(sent, 'createPr', 201, listedPr(60, { head: `agent/${withoutPr}` })))
      .post(`${R}/issues/${GOAL}/comments`)
      .reply(201, {})
      .post(`${R}/issues/${GOAL}/labels`)
      .reply(200, [])
      .post(`${R}/issues/60/labels`)
      .reply(200, []);
    // agent/<withPr>: already has its open PR, for the same session
    scope
      .get(`${R}/git/commits/b1`)
      .reply(200, { sha: 'b1', message: commitMessage() }); // the session its body describes: not a revision
    // agent/<withoutTrailers>: a commit that is not a session commit
    scope
      .get(`${R}/git/commits/c1`)
      .reply(200, { sha: 'c1', message: 'manual experiment\n' });
    dashboardRefresh(scope, sent, {
      existing: { number: 100 },
      goals: [issue(GOAL, ['overnight'])],
      pulls: [listedPr(59, { head: `agent/${withPr}`, labels: ['overnight'], body: prBody() })],
    });

    const summary = await reconcileInstallation(octokit(), log, self);

    expect(summary).toStrictEqual({ repositories: 1, opened: 1, adopted: 0, failed: 0 });
    expect(sent.createPr).toHaveLength(1);
    expect(sent.createPr![0]).toMatchObject({ head: `agent/${withoutPr}`, base: 'main' });
  });

  it('counts a failing repository and goes on', async () => {
    const scope = github();
    scope
      .get('/installation/repositories')
      .query(true)
      .reply(200, { total_count: 2, repositories: [...installationRepos.repositories, { ...installationRepos.repositories[0], name: 'Other', full_name: `${OWNER}/Other` }] });
    noRepoConfig(scope);
    scope.get(MATCHING_REFS).query(true).reply(500, { message: 'boom' });
    scope
      .get(`/repos/${OWNER}/Other/contents/.github%2Fovernight.yml`)
      .reply(404, {})
      .get(`/repos/${OWNER}/.github/contents/.github%2Fovernight.yml`)
      .reply(404, {})
      .get(new RegExp(`^/repos/${OWNER}/Other/git/matching-refs/`))
      .query(true)
      .reply(409, { message: 'Git Repository is empty.' });

    expect(await reconcileInstallation(octokit(), log, self)).toStrictEqual({ repositories: 2, opened: 0, adopted: 0, failed: 1 });
  });

  it('runs for a new installation (installation.created)', async () => {
    const scope = github();
    scope.get('/installation/repositories').query(true).reply(200, installationRepos);
    noRepoConfig(scope);
    scope.get(MATCHING_REFS).query(true).reply(200, []);
    await deliver(await testProbot(), 'installation', installationCreated());
  });
});
