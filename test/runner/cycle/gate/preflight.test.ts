import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGit } from '../../../../src/runner/git/git.js';
import { preflight } from '../../../../src/runner/cycle/gate/preflight.js';
import { nodeAgent, testConfig } from '../../helpers/config.js';
import { context, openTestStore, testCycle, tick } from '../../helpers/cycle-harness.js';
import { API, issue, mockComments, mockGate, mockIssues, mockPermission } from '../../helpers/github-mock.js';
import { createTempRepo, type TempRepo } from '../../helpers/temp-repo.js';

let repo: TempRepo;
beforeEach(() => {
  nock.disableNetConnect();
  repo = createTempRepo();
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  repo.cleanup();
  expect(pending).toStrictEqual([]);
});

describe('preflight', () => {
  it('passes on a ready machine and makes the workspace root', async () => {
    const root = join(repo.dataDir, 'worktrees');
    const ready = await preflight({ config: testConfig(repo.dev, repo.dataDir), git: createGit(), workspaceRoot: root });
    expect(ready).toStrictEqual({ ok: true, problems: [] });
    expect(existsSync(root)).toBe(true);
  });

  it('names a workspace root that cannot be made, and every other problem at once', async () => {
    mkdirSync(repo.dataDir, { recursive: true });
    writeFileSync(join(repo.dataDir, 'worktrees'), 'a file where the folder goes\n');
    const config = testConfig(repo.dev, repo.dataDir, { repo: { path: repo.dev, base: 'trunk', github: 'acme/widgets' } });
    const ready = await preflight({ config, git: createGit(), workspaceRoot: join(repo.dataDir, 'worktrees', 'x'), agent: 'fail-nowhere', resolveAgent: () => { throw new Error('agent "fail-nowhere": gone'); } });
    expect(ready.ok).toBe(false);
    expect(ready.problems).toStrictEqual([
      `repo.base "trunk" does not exist on repo.remote "origin" (${repo.origin})`,
      `cannot create session workspaces in ${join(repo.dataDir, 'worktrees', 'x')}: a file is in the way; change stateDir to a folder you can write`,
      'agent "fail-nowhere": gone',
    ]);
  });

  it('in a dry run only looks: nothing is made, a file in the way is still found', async () => {
    const root = join(repo.dataDir, 'worktrees');
    const config = testConfig(repo.dev, repo.dataDir);
    expect(await preflight({ config, git: createGit(), workspaceRoot: root, createWorkspaceRoot: false })).toStrictEqual({ ok: true, problems: [] });
    expect(existsSync(repo.dataDir)).toBe(false);
    mkdirSync(repo.dataDir, { recursive: true });
    writeFileSync(root, '');
    const blocked = await preflight({ config, git: createGit(), workspaceRoot: join(root, 'x'), createWorkspaceRoot: false });
    expect(blocked.problems).toStrictEqual([`cannot create session workspaces in ${join(root, 'x')}: a file is in the way; change stateDir to a folder you can write`]);
  });

  it('keeps credentials written into a remote URL out of its messages', async () => {
    repo.git(repo.dev, 'remote', 'set-url', 'origin', 'https://user:s3cret@127.0.0.1:1/acme/widgets.git');
    const ready = await preflight({ config: testConfig(repo.dev, repo.dataDir), git: createGit(), workspaceRoot: join(repo.dataDir, 'w') });
    expect(ready.problems[0]).toMatch(/^cannot reach repo\.remote "origin" \(https:\/\/127\.0\.0\.1:1\/acme\/widgets\.git\): /);
    expect(ready.problems.join('\n')).not.toContain('s3cret');
  });
});

describe('a chosen agent that cannot run', () => {
  it('is an error of the cycle, not a failed attempt charged to the goal', async () => {
    // The default runs; the rule for this goal picks an agent that is not installed.
    const config = testConfig(repo.dev, repo.dataDir, {
      agents: { default: 'edit', prefer: [{ match: 'notes', agent: 'ghost' }], defs: { edit: nodeAgent('edit-file.mjs'), ghost: { kind: 'command', bin: '/nonexistent/ghost' } } },
    });
    const scope = nock(API);
    mockGate(scope);
    mockIssues(scope, [issue({ number: 12, title: 'Add notes' })]);
    mockPermission(scope, 'alice', 'write');
    mockComments(scope, 12);
    const store = openTestStore(repo.dataDir);
    const result = await testCycle(config, store)(tick(), context());
    const why = 'agent "ghost": binary `/nonexistent/ghost` not found or not executable; set agents.defs.ghost.bin';
    expect(result).toStrictEqual({ outcome: 'error', detail: why });
    expect(store.cyclesOfNight('2026-11-28')).toMatchObject([{ outcome: 'error', reasons: [why] }]);
    expect(store.sessionsOfNight('2026-11-28')).toStrictEqual([]);
    expect(store.goalHistory('2026-11-28').size).toBe(0);
    store.close();
  });
});
