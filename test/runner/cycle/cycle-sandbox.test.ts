import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCommitMessage } from '../../../src/protocol/index.js';
import type { RunAgentOptions, RunAgentResult } from '../../../src/runner/process/run-agent.js';
import { createContainment } from '../../../src/runner/sandbox/containment.js';
import { detectSandbox, type SandboxDetection } from '../../../src/runner/sandbox/detect-sandbox.js';
import { fixtureAgent, shellAgent, testConfig } from '../helpers/config.js';
import { context, openTestStore, testCycle, tick } from '../helpers/cycle-harness.js';
import { API, capture, issue, mockClaim, mockComments, mockGate, mockIssues, mockPermission, mockRunningLabel, REPO, unmatchedRequests } from '../helpers/github-mock.js';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.js';

const detection = process.platform === 'linux' ? await detectSandbox() : undefined;
const bwrap = detection?.ok ? detection : undefined;

let repo: TempRepo;
let unmatched: ReturnType<typeof unmatchedRequests>;
beforeEach(() => {
  nock.disableNetConnect();
  unmatched = unmatchedRequests();
  repo = createTempRepo();
});
afterEach(() => {
  unmatched.stop();
  nock.cleanAll();
  nock.enableNetConnect();
  repo.cleanup();
  expect(unmatched.seen).toStrictEqual([]);
});

const required = (config: ReturnType<typeof testConfig>) => ({ ...config, sandbox: { ...config.sandbox, mode: 'required' as const } });

describe('the cycle with sandbox.mode "required"', () => {
  it('starts no session when no sandbox works here: the cycle is skipped, naming the tool and the fix', async () => {
    const store = openTestStore(repo.dataDir);
    const missing: SandboxDetection = {
      ok: false,
      tool: 'bwrap',
      reason: 'bubblewrap (the `bwrap` command) is not installed; agents run inside it on Linux',
      fix: 'sudo apt install bubblewrap',
    };
    const scope = nock(API);
    mockGate(scope);
    const result = await testCycle(required(testConfig(repo.dev, repo.dataDir)), store, { detectSandbox: async () => missing })(tick(), context());
    const why =
      'sandbox required: no working sandbox: bubblewrap (the `bwrap` command) is not installed; agents run inside it on Linux; ' +
      'fix: sudo apt install bubblewrap (or set sandbox.mode to "off" to run agents uncontained)';
    expect(result).toStrictEqual({ outcome: 'skipped', detail: why });
    expect(store.cyclesOfNight('2026-11-28')[0]).toMatchObject({ outcome: 'skipped', reasons: [why] });
    expect(store.sessionsOfNight('2026-11-28')).toStrictEqual([]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it.skipIf(!bwrap)('runs the agent and the verify command inside bubblewrap and says so in the commit and the PR', async () => {
    // A home of the test's own with a key in it: the agent must not see it.
    const home = join(repo.root, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'id_rsa'), 'PRIVATE KEY\n');
    const agent = shellAgent(
      [
        'echo "a note" > NOTES.md',
        '(cat "$HOME/.ssh/id_rsa" 2>&1 || true) > seen-key.txt',
        '(echo x > "$HOME/planted") 2>/dev/null || echo "home is read-only" > seen-home.txt',
        // git reads the clone it came from, read-only.
        'git log --oneline -1 > seen-git.txt 2>&1',
        'echo "Wrote a note."',
      ].join('\n'),
    );
    const config = required(
      testConfig(repo.dev, repo.dataDir, { agents: { default: 'sh', defs: { sh: agent } }, verify: { command: 'test -s NOTES.md && echo "verify saw HOME=$HOME"' }, pr: { openedBy: 'runner' } }),
    );
    const containment = createContainment({ config: config.sandbox, dataDir: repo.dataDir, home, detect: async () => bwrap! });
    const store = openTestStore(repo.dataDir);
    const scope = nock(API);
    mockGate(scope);
    mockIssues(scope, [issue({ number: 12, title: 'Add a notes file', body: 'Please add NOTES.md.', labels: ['overnight'] })]);
    mockPermission(scope, 'alice', 'write');
    mockComments(scope, 12, []);
    mockClaim(scope);
    mockRunningLabel(scope, 12);
    scope.get(`${REPO}/pulls`).query({ state: 'all', head: /acme:agent\/.+/, per_page: '1' }).reply(200, []);
    const prRequest: Record<string, unknown> = {};
    scope.post(`${REPO}/pulls`, capture(prRequest)).reply(201, { number: 78 });

    const result = await testCycle(config, store, { containment })(tick(), context());

    expect(result.outcome).toBe('pr-open');
    const [session] = store.sessionsOfNight('2026-11-28');
    const show = (path: string) => repo.git(repo.origin, 'show', `${session!.branch}:${path}`);
    expect(show('seen-key.txt')).toContain('No such file or directory');
    expect(show('seen-home.txt')).toBe('home is read-only\n');
    expect(show('seen-git.txt')).toMatch(/^[0-9a-f]{7,} initial\n$/);
    expect(existsSync(join(home, 'planted'))).toBe(false);
    const message = repo.git(repo.origin, 'log', '-1', '--format=%B', session!.branch);
    expect(message).toContain('\nOvernight-Sandbox: bwrap\n');
    expect(parseCommitMessage(message)?.trailers).toMatchObject({ sandbox: 'bwrap', verify: 'passed' });
    expect(String(prRequest.body)).toContain('| Sandbox | `bwrap` |');
    const log = readFileSync(session!.logPath!, 'utf8');
    expect(log).toContain('[overnight] agent sh (command) inside bwrap; prompt of ');
    expect(log).toContain('[overnight] verify: test -s NOTES.md');
    expect(log).toContain(`verify saw HOME=${home}`);
    // The session's private temp dirs are gone.
    expect(existsSync(join(repo.dataDir, 'tmp', session!.id))).toBe(false);
    expect(existsSync(join(repo.dataDir, 'tmp', `${session!.id}-verify`))).toBe(false);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it('never lets the agent read the config file the runner was started with, wherever it lives', async () => {
    // A config kept in a system dir (a service's /etc/overnight/...) would be readable inside
    // unless the sandbox is told: it names every agent's env and passEnv.
    const configFile = join(repo.root, 'etc', 'overnight', 'runner.json');
    mkdirSync(join(repo.root, 'etc', 'overnight'), { recursive: true });
    writeFileSync(configFile, '{}\n');
    const config = required(testConfig(repo.dev, repo.dataDir, { goals: ['Tidy the README'] }));
    const store = openTestStore(repo.dataDir);
    const scope = nock(API);
    mockGate(scope);
    mockIssues(scope, []);
    mockClaim(scope);
    const denied: string[][] = [];
    const runAgent = async (options: RunAgentOptions): Promise<RunAgentResult> => {
      denied.push(options.sandbox!.policy.deny.map(({ path }) => path));
      return { exitCode: 0, signal: undefined, timedOut: false, aborted: false, stdout: '', stderr: '', output: '', durationMs: 1, groupGone: true };
    };
    const works: SandboxDetection = { ok: true, tool: 'bwrap', path: '/usr/bin/bwrap', version: '0.8.0' };
    const result = await testCycle(config, store, { configFile, runAgent, detectSandbox: async () => works })(tick(), context());
    expect(result.outcome).toBe('no-changes');
    expect(denied).toHaveLength(1);
    expect(denied[0]).toEqual(expect.arrayContaining([configFile, repo.dataDir]));
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it.skipIf(!bwrap)("fails a session whose agent script is not readable inside, saying which setting to widen", async () => {
    // The fixture dir is outside the system dirs and the toolchains, and this definition does not list it.
    const unlisted = { kind: 'command' as const, bin: process.execPath, args: [fixtureAgent('edit-file.mjs')] };
    const config = required(testConfig(repo.dev, repo.dataDir, { agents: { default: 'unlisted', defs: { unlisted } } }));
    const store = openTestStore(repo.dataDir);
    const scope = nock(API);
    mockGate(scope);
    mockIssues(scope, [issue({ number: 12, title: 'Add a notes file', body: 'Please add NOTES.md.', labels: ['overnight'] })]);
    mockPermission(scope, 'alice', 'write');
    mockComments(scope, 12, []);
    mockClaim(scope);
    mockRunningLabel(scope, 12);
    const result = await testCycle(config, store, { detectSandbox: async () => bwrap! })(tick(), context());
    expect(result.outcome).toBe('failed');
    expect(result.detail).toBe(
      'agent unlisted exited with code 1; if its program or a file it needs lives outside the system dirs and the usual toolchains, add that dir to agents.defs.unlisted.sandbox.allowRead',
    );
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
