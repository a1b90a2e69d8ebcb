import { existsSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dryRun, formatDryRun } from '../../../src/runner/cycle/dry-run.js';
import { createGithub } from '../../../src/runner/github/index.js';
import { testConfig } from '../helpers/config.js';
import { NOW, passingChecks } from '../helpers/cycle-harness.js';
import { API, issue, labelEventJson, mockComments, mockGate, mockIssues, mockLabelEvents, mockPermission } from '../helpers/github-mock.js';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.js';

let repo: TempRepo;
beforeEach(() => {
  nock.disableNetConnect();
  repo = createTempRepo({ 'README.md': '# widgets\n', 'AGENTS.md': 'Use tabs.\n' });
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  repo.cleanup();
});

describe('overnight once --dry-run', () => {
  it('prints the gate, the decision with its rationale and the exact argv, and changes nothing', async () => {
    const scope = nock(API);
    mockGate(scope, { paused: true });
    mockIssues(scope, [issue({ number: 12, title: 'Fix the flaky test', labels: ['overnight', 'priority:high'] })]);
    mockLabelEvents(scope, 12, [labelEventJson(1, 'labeled', 'alice', 'priority:high')]);
    mockPermission(scope, 'alice', 'write');
    mockComments(scope, 12);
    const config = testConfig(repo.dev, repo.dataDir, { agents: { default: 'claude-code', prefer: [{ match: 'flaky', agent: 'probe' }], defs: { probe: { kind: 'command', bin: '/bin/echo', args: ['--dir', '{workdir}', '{prompt}'] } } } });
    const refsBefore = repo.git(repo.dev, 'for-each-ref');

    const run = await dryRun({
      config,
      github: createGithub({ apiUrl: API, token: 't', repo: 'acme/widgets', secondMs: 1 }),
      runChecks: passingChecks,
      dataDir: repo.dataDir,
      history: new Map(),
      sessionsTonight: 0,
      now: NOW,
    });

    expect(run.gate).toStrictEqual({
      open: false,
      reasons: ['paused: the dashboard issue carries overnight:paused'],
      window: { window: '01:00-05:00 UTC', inside: true, ignored: false },
      checks: [],
    });
    expect(run.decision).toMatchObject({ kind: 'run', agent: 'probe', rationale: 'Goal #12: priority high, never attempted, opened 2026-11-01; first of 1 ready goal. Agent probe: prefer rule "flaky" matched.' });
    const [bin, flag, dir, prompt] = run.argv!;
    expect([bin, flag]).toStrictEqual(['/bin/echo', '--dir']);
    expect(dir).toMatch(new RegExp(`^${join(repo.dataDir, 'workspaces')}/20261128-0200-[0-9a-f]{6}$`));
    expect(prompt).toContain('# Goal: Fix the flaky test');
    expect(prompt).toContain('Use tabs.');
    const text = formatDryRun(run);
    expect(text).toContain(
      'gate: closed\n  window 01:00-05:00 UTC: now inside\n  constraints: none required\n  github: read (pause, open agent PRs, .github/overnight.yml)\n  - paused: the dashboard issue carries overnight:paused\n',
    );
    expect(text).toContain('decision: #12 "Fix the flaky test" with agent probe\n');
    expect(text).toContain(`agent argv: ${JSON.stringify(run.argv)}`);
    expect(text).toMatch(/\nprompt: \d+ bytes in the prompt file\n/);
    expect(nock.pendingMocks()).toStrictEqual([]);
    // Nothing written: no data dir, no refs, no worktrees.
    expect(existsSync(repo.dataDir)).toBe(false);
    expect(repo.git(repo.dev, 'for-each-ref')).toBe(refsBefore);
    expect(existsSync(join(repo.dev, '.git', 'worktrees'))).toBe(false);
  });

  it('shows the sandbox the session would run in, a missing one among the reasons the gate is closed, and the prompt on stdin', async () => {
    const scope = nock(API);
    mockGate(scope);
    mockIssues(scope, [issue({ number: 12, title: 'Fix the flaky test', labels: ['overnight'] })]);
    mockPermission(scope, 'alice', 'write');
    mockComments(scope, 12);
    const config = testConfig(repo.dev, repo.dataDir, { agents: { default: 'codex', defs: { codex: { kind: 'codex', bin: '/bin/echo' } } } });
    const missing = { ok: false as const, tool: 'bwrap' as const, reason: 'bubblewrap (the `bwrap` command) is not installed', fix: 'sudo apt install bubblewrap' };
    const run = await dryRun({
      config,
      github: createGithub({ apiUrl: API, token: 't', repo: 'acme/widgets', secondMs: 1 }),
      runChecks: passingChecks,
      dataDir: repo.dataDir,
      history: new Map(),
      sessionsTonight: 0,
      now: NOW,
      sandbox: async () => ({ mode: 'required', detection: missing }),
    });
    expect(run.gate.reasons).toStrictEqual([
      'sandbox required: no working sandbox: bubblewrap (the `bwrap` command) is not installed; fix: sudo apt install bubblewrap (or set sandbox.mode to "off" to run agents uncontained)',
    ]);
    const text = formatDryRun(run);
    expect(text).toContain('sandbox: MISSING: no working sandbox: bubblewrap (the `bwrap` command) is not installed; fix: sudo apt install bubblewrap');
    // Codex reads the prompt from stdin; inside overnight's sandbox its own is off.
    expect(run.argv).toContain('-');
    expect(run.argv).toContain('danger-full-access');
    expect(text).toMatch(/\nprompt: \d+ bytes on stdin\n/);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it('reports an agent that cannot run instead of an argv', async () => {
    const scope = nock(API);
    mockGate(scope);
    mockIssues(scope, []);
    const config = testConfig(repo.dev, repo.dataDir, { goals: ['Tidy up'], agents: { default: 'ghost', defs: { ghost: { kind: 'command', bin: 'no-such-agent-binary' } } } });
    const run = await dryRun({ config, github: createGithub({ apiUrl: API, token: 't', repo: 'acme/widgets', secondMs: 1 }), runChecks: passingChecks, dataDir: repo.dataDir, history: new Map(), sessionsTonight: 0, now: NOW });
    expect(run.argv).toBeUndefined();
    expect(run.agentError).toMatch(/agent "ghost": binary `no-such-agent-binary` not found/);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
