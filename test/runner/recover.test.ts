import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGit } from '../../src/runner/git.js';
import type { GithubPort } from '../../src/runner/github/types.js';
import { createPublisher } from '../../src/runner/publish.js';
import { recover } from '../../src/runner/recover.js';
import { processGroupAlive } from '../../src/runner/run-agent.js';
import { openStore } from '../../src/runner/store/index.js';
import { createWorkspaces } from '../../src/runner/workspace.js';
import { fixtureAgent, shellAgent, testConfig } from './helpers/config.js';
import { createTempRepo, type TempRepo } from './helpers/temp-repo.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/runner/${name}`, import.meta.url));

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

function fakeGithub(released: string[]): GithubPort {
  const unused = () => Promise.reject(new Error('not used by recovery'));
  return {
    listGoalIssues: unused,
    listComments: unused,
    listReviewComments: unused,
    listAgentPrs: unused,
    findPrByHead: async () => undefined,
    permissionOf: unused,
    isPaused: unused,
    repoConfig: unused,
    commitDate: unused,
    claim: unused,
    release: async (ref) => void released.push(ref),
    openPr: unused,
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
    const github = fakeGithub(released);
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
    store.close();
  });
});
