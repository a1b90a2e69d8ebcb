import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { stateDbPath } from '../../src/runner/data-layout.js';
import { openStore } from '../../src/runner/store/index.js';
import { nodeAgent } from '../runner/helpers/config.js';
import { API, REPO, mockClaim, mockGate, mockIssues } from '../runner/helpers/github-mock.js';
import { createTempRepo, type TempRepo } from '../runner/helpers/temp-repo.js';
import { detectSandbox } from '../../src/runner/index.js';

/** `once` runs its agent in this machine's sandbox where there is one (CI installs bubblewrap). */
const sandbox = await detectSandbox();

let repo: TempRepo;
let out: string;
let err: string;

beforeEach(() => {
  nock.disableNetConnect();
  repo = createTempRepo();
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  vi.stubEnv('GITHUB_TOKEN', 'test-token-for-the-cli-0123456789');
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  nock.cleanAll();
  nock.enableNetConnect();
  repo.cleanup();
});

function writeConfig(extra: Record<string, unknown> = {}): string {
  const file = join(repo.root, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      repo: { path: repo.dev, github: 'acme/widgets' },
      schedule: { timezone: 'UTC', window: { start: '01:00', end: '05:00' }, every: '30m' },
      stateDir: repo.dataDir,
      runnerName: 'cli-test',
      goals: ['Write the notes'],
      agents: { default: 'edit', defs: { edit: nodeAgent('edit-file.mjs') } },
      sandbox: { mode: sandbox.ok ? 'required' : 'off' },
      ...extra,
    }),
  );
  return file;
}

const run = (...args: string[]) => main(['node', 'overnight', ...args]);

describe('overnight once and overnight report', () => {
  it('exit 2 on a bad config, naming the field', async () => {
    const file = writeConfig({ budget: { perSessionMinutes: 0 } });
    expect(await run('once', '--config', file)).toBe(2);
    expect(err).toContain('budget.perSessionMinutes');
    expect(await run('report', '--config', file)).toBe(2);
  });

  it('runs one cycle now, then reports it', async () => {
    const file = writeConfig();
    const scope = nock(API);
    mockGate(scope);
    mockIssues(scope, []);
    mockClaim(scope, { released: false });
    scope.get(`${REPO}/pulls`).query({ state: 'all', head: /acme:agent\/.+/, per_page: '1' }).reply(200, []);

    expect(await run('once', '--config', file, '--ignore-window', '--ignore-constraints')).toBe(0);
    expect(out).toMatch(/\n✓ pushed agent\/\d{8}-\d{4}-[0-9a-f]{6}; the bot opens the PR\n$/);
    expect(nock.pendingMocks()).toStrictEqual([]);

    out = '';
    expect(await run('report', '--config', file, '--json')).toBe(0);
    const report = JSON.parse(out) as { totals: Record<string, number>; sessions: { goal: string; agent: string; state: string; verify: string }[] };
    expect(report.totals).toMatchObject({ cycles: 1, cyclesRun: 1, cyclesIdle: 0, cyclesSkipped: 0, cyclesError: 0, sessions: 1, prs: 0 });
    expect(report.sessions).toMatchObject([{ goal: 'config:0', agent: 'edit', state: 'pushed', verify: 'skipped', pushed: true }]);

    out = '';
    expect(await run('report', '--config', file, '--night', '1999-01-01')).toBe(0);
    expect(out).toContain('0 cycles, 0 sessions, 0 PRs, 0 agent minutes');
    expect(await run('report', '--config', file, '--night', 'yesterday')).toBe(2);
    expect(err).toContain('--night: expected a date YYYY-MM-DD, got "yesterday"');
  });

  it('reports idle and skipped cycles apart, with the checks each gate ran, in text and JSON', async () => {
    const file = writeConfig();
    const store = openStore(stateDbPath(repo.dataDir));
    const at = new Date('2026-11-28T01:00:00Z');
    const finish = (outcome: string, result: { reasons: string[]; detail?: string; checks: { name: string; required: boolean; ok: boolean; reason: string }[] }) =>
      store.finishCycle(store.startCycle({ night: '2026-11-28', scheduledAt: at, startedAt: at, catchUp: false }).id, { outcome, ...result });
    finish('idle', { reasons: ['#3 paused', '#1, #2 have open PRs'], detail: 'nothing to do: #3 paused; #1, #2 have open PRs', checks: [{ name: 'pluggedIn', required: true, ok: true, reason: 'on AC power' }] });
    finish('idle', { reasons: ['#3 paused'], detail: 'nothing to do: #3 paused', checks: [{ name: 'pluggedIn', required: true, ok: true, reason: 'on AC power' }] });
    finish('skipped', { reasons: ['on battery (40%), pluggedIn is required'], checks: [{ name: 'pluggedIn', required: true, ok: false, reason: 'on battery (40%), pluggedIn is required' }] });
    store.close();

    expect(await run('report', '--config', file)).toBe(0);
    expect(out).toContain('3 cycles (2 idle, 1 skipped), 0 sessions');
    expect(out).toContain('  01:00 cycle 1 idle: #3 paused; #1, #2 have open PRs\n    checks: pluggedIn ✓\n');
    expect(out).toContain('  01:00 cycle 3 skipped: on battery (40%), pluggedIn is required\n    checks: pluggedIn ✗ (on battery (40%), pluggedIn is required)\n');

    out = '';
    expect(await run('report', '--config', file, '--json')).toBe(0);
    const report = JSON.parse(out) as { totals: Record<string, number>; cycles: { outcome: string; checks?: unknown[] }[] };
    expect(report.totals).toMatchObject({ cycles: 3, cyclesRun: 0, cyclesIdle: 2, cyclesSkipped: 1 });
    expect(report.cycles[2]).toMatchObject({ outcome: 'skipped', checks: [{ name: 'pluggedIn', required: true, ok: false, reason: 'on battery (40%), pluggedIn is required' }] });
  });

  it('--dry-run prints the decision and argv and writes no state', async () => {
    const file = writeConfig();
    const scope = nock(API);
    mockGate(scope);
    mockIssues(scope, []);
    expect(await run('once', '--config', file, '--dry-run', '--ignore-window', '--ignore-constraints', '--agent', 'edit')).toBe(0);
    expect(out).toContain('gate: open\n');
    expect(out).toContain('decision: config:0 "Write the notes" with agent edit\n');
    expect(out).toContain('rationale: Goal config:0: never attempted; first of 1 ready goal. Agent edit: chosen with --agent.\n');
    expect(out).toContain(`agent argv: ["${process.execPath}","`);
    expect(out).toContain(sandbox.ok ? `sandbox: ${sandbox.tool} ${sandbox.version} (required)\n` : 'sandbox: off (sandbox.mode: "off")');
    expect(out).toMatch(/\nprompt: \d+ bytes in the prompt file\n/);
    expect(out).toContain('dry run: nothing was changed\n');
    expect(nock.pendingMocks()).toStrictEqual([]);
    out = '';
    expect(await run('report', '--config', file)).toBe(0);
    expect(out).toBe('no cycles recorded yet\n');
  });

  it('says what is missing when there is no token', async () => {
    vi.stubEnv('GITHUB_TOKEN', '');
    vi.stubEnv('GH_TOKEN', '');
    expect(await run('once', '--config', writeConfig())).toBe(1);
    expect(err).toBe(
      'overnight once: github.token is "env" but neither GITHUB_TOKEN nor GH_TOKEN is set: run `overnight auth login` and set github.token to "store", or export GITHUB_TOKEN where the runner starts\n',
    );
    expect(out).toBe('');
  });
});
