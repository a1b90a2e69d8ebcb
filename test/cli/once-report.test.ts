import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { nodeAgent } from '../runner/helpers/config.js';
import { API, REPO, mockClaim, mockGate, mockIssues } from '../runner/helpers/github-mock.js';
import { createTempRepo, type TempRepo } from '../runner/helpers/temp-repo.js';

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
    expect(out).toMatch(/^pushed: agent\/\d{8}-\d{4}-[0-9a-f]{6}\n$/);
    expect(nock.pendingMocks()).toStrictEqual([]);

    out = '';
    expect(await run('report', '--config', file, '--json')).toBe(0);
    const report = JSON.parse(out) as { totals: Record<string, number>; sessions: { goal: string; agent: string; state: string; verify: string }[] };
    expect(report.totals).toMatchObject({ cycles: 1, cyclesRun: 1, sessions: 1, prs: 0 });
    expect(report.sessions).toMatchObject([{ goal: 'config:0', agent: 'edit', state: 'pushed', verify: 'skipped' }]);

    out = '';
    expect(await run('report', '--config', file, '--night', '1999-01-01')).toBe(0);
    expect(out).toContain('0 cycles (0 run, 0 skipped), 0 sessions, 0 PRs, 0 agent minutes');
    expect(await run('report', '--config', file, '--night', 'yesterday')).toBe(2);
    expect(err).toContain('--night: expected a date YYYY-MM-DD, got "yesterday"');
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
    expect(err).toBe('overnight once: github.token is "env" but neither GITHUB_TOKEN nor GH_TOKEN is set\n');
  });
});
