import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClaims } from '../../../../src/runner/cycle/claims/claims.js';
import { createPublisher, PushGaveUpError, sessionRef } from '../../../../src/runner/cycle/publish/publish.js';
import { createGit } from '../../../../src/runner/git/git.js';
import { openRunnerRepo } from '../../../../src/runner/git/runner-repo.js';
import { createWorkspaces } from '../../../../src/runner/git/workspace.js';
import { openStore, type Store } from '../../../../src/runner/store/index.js';
import { testConfig } from '../../helpers/config.js';
import { fakeGithub } from '../../helpers/fake-github.js';
import { createTempRepo, type TempRepo } from '../../helpers/temp-repo.js';

const ID = '20261128-0107-a1b2c3';
const REF = 'refs/heads/overnight-claims/issue-12';
const fixture = (name: string) => fileURLToPath(new URL(`../../../fixtures/runner/push-rejections/${name}`, import.meta.url));

let repo: TempRepo;
let store: Store;
let now: Date;
beforeEach(() => {
  repo = createTempRepo();
  now = new Date('2026-11-28T02:00:00Z');
  store = openStore(':memory:', { now: () => now });
});
afterEach(() => {
  store.close();
  repo.cleanup();
});

/** A session of goal #12 as the cycle leaves it before its push: claimed, committed, worktree released. */
async function committedSession(maxPushAttempts = 5) {
  const git = createGit();
  const github = fakeGithub();
  const config = testConfig(repo.dev, repo.dataDir, { publish: { maxPushAttempts, retryBackoffMinutes: 5 } });
  const claims = createClaims({ github, store, runner: 'test-runner', ttlMinutes: 180, now: () => now });
  const sessionsDir = join(repo.dataDir, 'sessions');
  const runnerRepo = await openRunnerRepo({ git, path: join(repo.dataDir, 'repo.git'), clonePath: repo.dev, remote: 'origin', base: 'main' });
  const publisher = createPublisher({ git, github, store, config, claims, sessionsDir, repo: runnerRepo, now: () => now });
  const workspaces = createWorkspaces({ git, repo: runnerRepo, base: 'main', root: join(repo.dataDir, 'workspaces'), gitDirs: join(repo.dataDir, 'git', 'sessions') });
  const workspace = await workspaces.create(ID);
  writeFileSync(join(workspace.path, 'NOTES.md'), 'notes the agent wrote\n');
  const staged = await workspaces.stage(ID, workspace.baseSha);
  store.createSession({ id: ID, night: '2026-11-28', goal: '#12', goalTitle: 'Add notes', agent: 'edit', rationale: '', branch: `agent/${ID}`, claimRef: REF });
  await claims.claim({ ref: REF, goal: '#12', sessionId: ID, baseSha: workspace.baseSha, treeSha: 'e'.repeat(40) });
  store.moveSession(ID, 'running', { baseSha: workspace.baseSha, startSha: workspace.baseSha });
  const session = await publisher.commit(store.getSession(ID)!, staged.tree, 'Add notes\n\nOvernight-Session: 20261128-0107-a1b2c3\n');
  await workspaces.release(ID);
  return { publisher, github, session, sessionsDir, baseSha: workspace.baseSha, runnerRepo };
}

const originHas = (branch: string) => repo.git(repo.origin, 'for-each-ref', '--format=%(refname)', `refs/heads/${branch}`).trim() !== '';

describe('a push GitHub refuses for good', () => {
  it('fails the session at once, keeps the work as a patch, releases the claim and tells the goal how to recover', async () => {
    const hook = join(repo.origin, 'hooks', 'pre-receive');
    writeFileSync(hook, `#!/bin/sh\ncat '${fixture('gh001-large-file.txt')}' >&2\nexit 1\n`);
    chmodSync(hook, 0o755);
    const { publisher, github, session, sessionsDir, baseSha } = await committedSession();

    const error = await publisher.push(session).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PushGaveUpError);
    const why = "push refused by GitHub, not retried: GH001: a file is over GitHub's 100 MB file size limit (File .import_to_pkg_maps_indexed_files is 100.07 MB; this exceeds GitHub's file size limit of 100.00 MB)";
    expect(store.getSession(ID)).toMatchObject({ state: 'failed', error: why, pushAttempts: 1 });
    expect(store.transitionsOf(ID).map((t) => t.to)).toStrictEqual(['queued', 'running', 'committed', 'failed']);
    // The claim is gone, on GitHub and in the store.
    expect(github.git.refs.has(REF)).toBe(false);
    expect(store.claims.ofSessions([ID])).toMatchObject([{ state: 'released' }]);
    // The work: a patch that applies to the base in a fresh clone.
    const patch = join(sessionsDir, `${ID}.patch`);
    expect(readFileSync(patch, 'utf8')).toContain('+notes the agent wrote');
    const clone = join(repo.root, 'recover');
    repo.git(repo.root, 'clone', '--quiet', repo.origin, clone);
    repo.git(clone, 'switch', '--quiet', '--detach', baseSha);
    repo.git(clone, 'apply', '--index', patch);
    expect(readFileSync(join(clone, 'NOTES.md'), 'utf8')).toBe('notes the agent wrote\n');
    // The patch holds it all: the runner's hidden ref to the commit is gone.
    expect(repo.git(join(repo.dataDir, 'repo.git'), 'for-each-ref', sessionRef(ID)).trim()).toBe('');
    expect(originHas(`agent/${ID}`)).toBe(false);
    // The goal is told what happened, where the work is and how to bring it back.
    expect(github.git.posted).toHaveLength(1);
    const [comment] = github.git.posted;
    expect(comment!.issue).toBe(12);
    expect(comment!.body).toContain(`<!-- overnight:push-gave-up:${ID} -->`);
    expect(comment!.body).toContain('GH001');
    expect(comment!.body).toContain(`on the runner's machine (\`test-runner\`)`);
    expect(comment!.body).toContain(`git switch --detach ${baseSha}\ngit apply --index ${patch}`);
    expect(comment!.body).toContain('Before pushing it: remove the large file from the change (or track it with Git LFS) before applying it.');
    // Settling later does not push it again.
    expect(await publisher.settle()).toMatchObject({ pushed: [], gaveUp: [] });
  });
});

describe('a push that fails for a passing reason', () => {
  it('is retried by later cycles after a growing backoff, and gives up visibly after publish.maxPushAttempts', async () => {
    const { publisher, github, session } = await committedSession(3);
    renameSync(repo.origin, `${repo.origin}.away`);
    await expect(publisher.push(session)).rejects.toThrow(/^push failed \(attempt 1 of 3, retried by a cycle after 2026-11-28T02:05:00.000Z\): fatal: /);
    expect(store.getSession(ID)).toMatchObject({ state: 'committed', pushAttempts: 1, nextPushAt: '2026-11-28T02:05:00.000Z' });

    // Before the backoff is over, settle leaves it alone.
    now = new Date('2026-11-28T02:04:00Z');
    expect(await publisher.settle()).toMatchObject({ pushed: [], gaveUp: [], errors: [] });
    now = new Date('2026-11-28T02:05:00Z');
    expect((await publisher.settle()).errors).toStrictEqual([expect.stringContaining('push failed (attempt 2 of 3, retried by a cycle after 2026-11-28T02:15:00.000Z)')]);
    now = new Date('2026-11-28T02:15:00Z');
    const last = await publisher.settle();
    expect(last.gaveUp).toStrictEqual([ID]);
    expect(store.getSession(ID)).toMatchObject({ state: 'failed', pushAttempts: 3, error: expect.stringMatching(/^push failed 3 times, giving up: fatal: /) });
    expect(github.git.refs.has(REF)).toBe(false);
    expect(github.git.posted.map((posted) => posted.issue)).toStrictEqual([12]);
    expect(github.git.posted[0]!.body).toContain('push failed 3 times, giving up');
  });

  it('is pushed exactly once when the remote comes back', async () => {
    const { publisher, session } = await committedSession();
    renameSync(repo.origin, `${repo.origin}.away`);
    await expect(publisher.push(session)).rejects.toThrow(/^push failed/);
    now = new Date('2026-11-28T02:05:00Z');
    await publisher.settle();
    expect(store.getSession(ID)).toMatchObject({ state: 'committed', pushAttempts: 2 });
    renameSync(`${repo.origin}.away`, repo.origin);
    now = new Date('2026-11-28T02:15:00Z');
    expect(await publisher.settle()).toMatchObject({ pushed: [ID], gaveUp: [] });
    expect(store.getSession(ID)).toMatchObject({ state: 'pushed', pushAttempts: 2 });
    expect(store.getSession(ID)?.error).toBeUndefined();
    expect(store.getSession(ID)?.nextPushAt).toBeUndefined();
    expect(repo.git(repo.origin, 'rev-list', '--count', `main..agent/${ID}`).trim()).toBe('1');
    expect(existsSync(join(repo.dataDir, 'sessions', `${ID}.patch`))).toBe(false);
  });
});
