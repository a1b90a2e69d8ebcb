import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitUntil } from '../../../src/platform/wait-until.js';
import nock from 'nock';
import { pino, type Logger } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGit, type Git } from '../../../src/runner/git/git.js';
import { openRunnerRepo } from '../../../src/runner/git/runner-repo.js';
import { createGithub } from '../../../src/runner/github/index.js';
import type { GithubPort } from '../../../src/runner/github/types.js';
import { createClaims } from '../../../src/runner/cycle/claims/claims.js';
import { createPublisher } from '../../../src/runner/cycle/publish/publish.js';
import { recover } from '../../../src/runner/cycle/recover.js';
import { processGroupAlive } from '../../../src/runner/process/run-agent.js';
import { openStore, type Store } from '../../../src/runner/store/index.js';
import { createWorkspaces } from '../../../src/runner/git/workspace.js';
import { fixtureAgent, shellAgent, testConfig } from '../helpers/config.js';
import { API, REPO } from '../helpers/github-mock.js';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/runner/${name}`, import.meta.url));

let repo: TempRepo;
beforeEach(() => {
  repo = createTempRepo();
});
afterEach(() => repo.cleanup());

/** The runner's repository and workspaces in the test's data dir, as a cycle lays them out. */
async function layout(git: Git) {
  const runnerRepo = await openRunnerRepo({ git, path: join(repo.dataDir, 'repo.git'), clonePath: repo.dev, remote: 'origin', base: 'main' });
  const workspaces = createWorkspaces({ git, repo: runnerRepo, base: 'main', root: join(repo.dataDir, 'workspaces'), gitDirs: join(repo.dataDir, 'git', 'sessions') });
  return { runnerRepo, workspaces };
}

async function until(what: string, test: () => boolean, withinMs = 20_000): Promise<void> {
  await waitUntil(what, test, { timeoutMs: withinMs });
}

function fakeGithub(released: string[], unlabelled: string[] = []): GithubPort {
  const unused = () => Promise.reject(new Error('not used by recovery'));
  return {
    listGoalIssues: unused,
    listComments: unused,
    listReviewComments: unused,
    listAgentPrs: unused,
    findPrByHead: async () => undefined,
    labelEvents: unused,
    permissionOf: unused,
    isPaused: unused,
    findDashboard: unused,
    repoConfig: unused,
    branchPushedAt: unused,
    createCommit: unused,
    createRef: unused,
    // The claim the child's cycle made (session-child.ts), until it is released.
    refSha: async (ref) => (released.includes(ref) ? undefined : 'c1a1m00000000000000000000000000000000001'),
    readCommit: unused,
    advanceRef: unused,
    release: async (ref) => void released.push(ref),
    addComment: unused,
    updateComment: unused,
    deleteComment: unused,
    openPr: unused,
    requestReviewers: unused,
    addLabels: unused,
    removeLabel: async (issue, label) => void unlabelled.push(`#${issue} ${label}`),
  };
}

describe('recovery after the runner is SIGKILLed mid-session', () => {
  it('abandons the session, stops its orphaned agent group, removes its workspace and git dir and keeps the work as a patch', async () => {
    const pidFile = join(repo.root, 'agent.pids');
    const agent = shellAgent(`echo work in progress > WIP.md; exec "${process.execPath}" "${fixtureAgent('hang.mjs')}" --ignore-term --pid-file="${pidFile}"`);
    const config = testConfig(repo.dev, repo.dataDir, { goals: ['Hang around'], agents: { default: 'wip', defs: { wip: agent } } });
    const configFile = join(repo.root, 'config.json');
    writeFileSync(configFile, JSON.stringify(config));

    const child = spawn(process.execPath, ['--import', fixture('register-ts.mjs'), fixture('session-child.ts'), configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    try {
      await until(`the agent to start (child stderr: ${stderr})`, () => existsSync(pidFile));
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\n${stderr}`);
    }
    const { leader } = JSON.parse(readFileSync(pidFile, 'utf8')) as { leader: number };
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // The runner is gone; its agent is not: it runs in its own process group.
    expect(await processGroupAlive(leader)).toBe(true);

    const store = openStore(join(repo.dataDir, 'state.db'));
    const [running] = store.sessionsInState('running');
    expect(running).toMatchObject({ goal: 'config:0', state: 'running', agentPid: leader });
    const git = createGit();
    const { workspaces, runnerRepo } = await layout(git);
    const released: string[] = [];
    const unlabelled: string[] = [];
    const github = fakeGithub(released, unlabelled);
    const now = () => new Date();
    const claims = createClaims({ github, store, runner: 'test-runner', ttlMinutes: 180, now });
    const sessionsDir = join(repo.dataDir, 'sessions');
    const publisher = createPublisher({ git, github, store, config, claims, sessionsDir, repo: runnerRepo, now });

    const recovery = await recover({ store, github, workspaces, publisher, claims, sessionsDir, now, graceMs: 300 });

    expect(recovery).toMatchObject({ abandoned: [running!.id], survivors: [], errors: [], releasedClaims: ['refs/heads/overnight-claims/config-0'] });
    expect(store.claims.ofSessions([running!.id])).toMatchObject([{ state: 'released', releaseAttempts: 1 }]);
    expect(await processGroupAlive(leader)).toBe(false);
    expect(store.getSession(running!.id)).toMatchObject({ state: 'abandoned' });
    expect(store.transitionsOf(running!.id).map((t) => t.to)).toStrictEqual(['queued', 'running', 'abandoned']);
    expect(running!.worktree).toBe(join(repo.dataDir, 'workspaces', running!.id));
    expect(existsSync(running!.worktree!)).toBe(false);
    expect(existsSync(join(repo.dataDir, 'git', 'sessions', running!.id))).toBe(false);
    expect(repo.git(repo.dev, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
    expect(readFileSync(join(repo.dataDir, 'sessions', `${running!.id}.patch`), 'utf8')).toContain('+work in progress');
    expect(released).toStrictEqual(['refs/heads/overnight-claims/config-0']);
    // A static goal has no issue to carry overnight:running.
    expect(unlabelled).toStrictEqual([]);
    store.close();
  });
});

describe('recovery of a committed session', () => {
  it('pushes the commit from the runner repository, though its workspace is long gone', async () => {
    const id = '20261128-0107-c0ffee';
    const store = openStore(join(repo.dataDir, 'state.db'));
    const git = createGit();
    const { workspaces, runnerRepo } = await layout(git);
    const config = testConfig(repo.dev, repo.dataDir);
    const pushed: string[] = [];
    const github = { ...fakeGithub(pushed), findPrByHead: async () => undefined };
    const now = () => new Date();
    const claims = createClaims({ github, store, runner: 'test-runner', ttlMinutes: 180, now });
    const sessionsDir = join(repo.dataDir, 'sessions');
    const publisher = createPublisher({ git, github, store, config, claims, sessionsDir, repo: runnerRepo, now });
    store.createSession({ id, night: '2026-11-28', goal: 'config:0', goalTitle: 'Write the notes', agent: 'edit', rationale: '', branch: `agent/${id}` });
    store.moveSession(id, 'running', { startedAt: new Date().toISOString() });
    const workspace = await workspaces.create(id);
    store.updateSession(id, { worktree: workspace.path, baseSha: workspace.baseSha });
    writeFileSync(join(workspace.path, 'NOTES.md'), 'committed before the crash\n');
    const staged = await workspaces.stage(id, workspace.baseSha);
    const committed = await publisher.commit(store.getSession(id)!, staged.tree, 'Write the notes\n');
    // The crash: the workspace and the runner's git dir for it are gone, the commit is not.
    await workspaces.remove(id);

    const recovery = await recover({ store, github, workspaces, publisher, claims, sessionsDir, now, graceMs: 300 });

    expect(recovery).toMatchObject({ abandoned: [], pushed: [id], errors: [] });
    expect(store.getSession(id)).toMatchObject({ state: 'pushed' });
    expect(repo.git(repo.origin, 'rev-parse', `agent/${id}`).trim()).toBe(committed.commitSha);
    expect(repo.git(repo.origin, 'show', `agent/${id}:NOTES.md`)).toBe('committed before the crash\n');
    store.close();
  });
});

describe('recovery of a session on a goal issue', () => {
  const id = '20261128-0107-a1b2c3';
  const claimRef = 'refs/heads/overnight-claims/issue-12';
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  /** The state a runner killed between `running` and its commit leaves behind. */
  function leftRunning() {
    const store = openStore(join(repo.dataDir, 'state.db'));
    store.createSession({ id, night: '2026-11-28', goal: '#12', goalTitle: 'Add a notes file', agent: 'edit', rationale: '', branch: `agent/${id}`, claimRef });
    store.moveSession(id, 'running', { startedAt: new Date().toISOString() });
    return store;
  }

  async function recoverWith(store: Store, logger?: Pick<Logger, 'info' | 'warn'>) {
    const git = createGit();
    const github = createGithub({ apiUrl: API, token: 'ghs_runnertoken', repo: 'acme/widgets', paceWrites: false });
    const config = testConfig(repo.dev, repo.dataDir);
    const now = () => new Date();
    const claims = createClaims({ github, store, runner: 'test-runner', ttlMinutes: 180, now });
    const sessionsDir = join(repo.dataDir, 'sessions');
    const { workspaces, runnerRepo } = await layout(git);
    return recover({
      store,
      github,
      workspaces,
      publisher: createPublisher({ git, github, store, config, claims, sessionsDir, repo: runnerRepo, now }),
      claims,
      sessionsDir,
      now,
      graceMs: 300,
      ...(logger ? { logger } : {}),
    });
  }

  it.each([
    [200, []],
    [404, []],
    [500, ['could not remove overnight:running from #12; remove it by hand']],
  ])('takes overnight:running off the goal issue of the abandoned session, going on when it answers %i', async (status, labelWarnings) => {
    const store = leftRunning();
    // The claim first, then the label: both are released for the abandoned session.
    nock(API)
      .delete(`${REPO}/git/refs/heads%2Fovernight-claims%2Fissue-12`)
      .reply(204)
      .delete(`${REPO}/issues/12/labels/overnight%3Arunning`)
      .reply(status, status === 200 ? [{ name: 'overnight' }] : { message: status === 404 ? 'Label does not exist' : 'Server Error' });
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    // A session an older overnight claimed for (no claim row): its claim is deleted the old way.
    expect(await recoverWith(store, logger)).toStrictEqual({ abandoned: [id], survivors: [], pushed: [], gaveUp: [], releasedClaims: [claimRef], errors: [] });
    expect(store.getSession(id)).toMatchObject({ state: 'abandoned' });
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toStrictEqual([...labelWarnings, 'abandoned a session left running']);
    expect(nock.pendingMocks()).toStrictEqual([]);
    store.close();
  });
});

