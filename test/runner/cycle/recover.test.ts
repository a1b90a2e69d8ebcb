import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import nock from 'nock';
import { pino, type Logger } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGit } from '../../../src/runner/git/git.js';
import { createGithub } from '../../../src/runner/github/index.js';
import type { GithubPort } from '../../../src/runner/github/types.js';
import { createPublisher } from '../../../src/runner/cycle/publish.js';
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

async function until(what: string, test: () => boolean, withinMs = 20_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
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
    repoConfig: unused,
    commitDate: unused,
    claim: unused,
    release: async (ref) => void released.push(ref),
    openPr: unused,
    requestReviewers: unused,
    addLabels: unused,
    removeLabel: async (issue, label) => void unlabelled.push(`#${issue} ${label}`),
  };
}

describe('recovery after the runner is SIGKILLed mid-session', () => {
  it('abandons the session, stops its orphaned agent group, prunes the worktree and keeps the work as a patch', async () => {
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
    const workspaces = createWorkspaces({ git, repoPath: repo.dev, remote: 'origin', base: 'main', root: join(repo.dataDir, 'worktrees') });
    const released: string[] = [];
    const unlabelled: string[] = [];
    const github = fakeGithub(released, unlabelled);
    const publisher = createPublisher({ git, github, store, config, repoPath: repo.dev, pushEnv: {}, now: () => new Date() });

    const recovery = await recover({ store, github, workspaces, publisher, sessionsDir: join(repo.dataDir, 'sessions'), now: () => new Date(), graceMs: 300 });

    expect(recovery).toMatchObject({ abandoned: [running!.id], survivors: [], errors: [] });
    expect(await processGroupAlive(leader)).toBe(false);
    expect(store.getSession(running!.id)).toMatchObject({ state: 'abandoned' });
    expect(store.transitionsOf(running!.id).map((t) => t.to)).toStrictEqual(['queued', 'running', 'abandoned']);
    expect(existsSync(running!.worktree!)).toBe(false);
    expect(repo.git(repo.dev, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
    expect(readFileSync(join(repo.dataDir, 'sessions', `${running!.id}.patch`), 'utf8')).toContain('+work in progress');
    expect(released).toStrictEqual(['refs/heads/overnight-claims/config-0']);
    // A static goal has no issue to carry overnight:running.
    expect(unlabelled).toStrictEqual([]);
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
    const github = createGithub({ apiUrl: API, token: 'ghs_runnertoken', repo: 'acme/widgets' });
    const config = testConfig(repo.dev, repo.dataDir);
    return recover({
      store,
      github,
      workspaces: createWorkspaces({ git, repoPath: repo.dev, remote: 'origin', base: 'main', root: join(repo.dataDir, 'worktrees') }),
      publisher: createPublisher({ git, github, store, config, repoPath: repo.dev, pushEnv: {}, now: () => new Date() }),
      sessionsDir: join(repo.dataDir, 'sessions'),
      now: () => new Date(),
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
    expect(await recoverWith(store, logger)).toStrictEqual({ abandoned: [id], survivors: [], pushed: [], errors: [] });
    expect(store.getSession(id)).toMatchObject({ state: 'abandoned' });
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toStrictEqual([...labelWarnings, 'abandoned a session left running']);
    expect(nock.pendingMocks()).toStrictEqual([]);
    store.close();
  });
});

