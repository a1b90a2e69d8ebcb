import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stateDbPath } from '../../src/runner/data-layout.js';
import { openStore } from '../../src/runner/store/index.js';
import { API, REPO, mockGate, unmatchedRequests } from '../runner/helpers/github-mock.js';
import { openSeat, type Seat } from './once-harness.js';

let seat: Seat;
beforeEach(() => {
  nock.disableNetConnect();
  seat = openSeat();
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  seat.cleanup();
  expect(pending).toStrictEqual([]);
});

const once = (file: string, ...args: string[]) => seat.run('once', '--config', file, '--ignore-window', '--ignore-constraints', ...args);

/** The cycles and sessions `once` left in the state store. */
function recorded() {
  const store = openStore(stateDbPath(seat.repo.dataDir));
  try {
    const night = store.nights()[0];
    return { cycles: night ? store.cyclesOfNight(night) : [], sessions: night ? store.sessionsOfNight(night) : [], history: store.goalHistory(night ?? '') };
  } finally {
    store.close();
  }
}


describe('overnight once: errors that name the field, one line on stderr, exit 1', () => {
  it('GitHub 401: the token, where it came from, and github.token', async () => {
    const scope = nock(API);
    const refused = { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' };
    scope.get(`${REPO}/contents/.github%2Fovernight.yml`).reply(401, refused);
    // The gate asks these three at once; once the first answer fails the cycle, the others may
    // not have been sent yet (they wait in Octokit's request queue), so they are optional.
    scope.get(`${REPO}/issues`).query(true).optionally().reply(401, refused);
    scope.get(`${REPO}/pulls`).query(true).optionally().reply(401, refused);
    expect(await once(seat.config())).toBe(1);
    expect(seat.err()).toBe('overnight once: GitHub rejected the token from GITHUB_TOKEN (github.token): it is wrong, expired or revoked\n');
    expect(seat.out()).toBe('');
  });

  it('GitHub 404 on the repository: repo.github', async () => {
    const scope = nock(API);
    scope.get(`${REPO}/contents/.github%2Fovernight.yml`).reply(404, { message: 'Not Found' });
    scope.get(`${REPO}/issues`).query(true).optionally().reply(404, { message: 'Not Found' });
    scope.get(`${REPO}/pulls`).query(true).optionally().reply(404, { message: 'Not Found' });
    expect(await once(seat.config())).toBe(1);
    expect(seat.err()).toBe('overnight once: repo.github "acme/widgets" not found, or the token cannot see it\n');
  });

  it('--json prints one object for the error, and the reason still goes to stderr', async () => {
    const scope = nock(API);
    scope.get(`${REPO}/contents/.github%2Fovernight.yml`).reply(404, { message: 'Not Found' });
    scope.get(`${REPO}/issues`).query(true).optionally().reply(404, { message: 'Not Found' });
    scope.get(`${REPO}/pulls`).query(true).optionally().reply(404, { message: 'Not Found' });
    expect(await once(seat.config(), '--json')).toBe(1);
    expect(JSON.parse(seat.out())).toStrictEqual({
      outcome: 'error',
      detail: 'repo.github "acme/widgets" not found, or the token cannot see it',
      cycle: 1,
      session: null,
      goal: null,
      agent: null,
      branch: null,
      prNumber: null,
      prUrl: null,
      verify: null,
      sessionOutcome: null,
      logPath: null,
      agentSeconds: null,
    });
    expect(seat.err()).toBe('overnight once: repo.github "acme/widgets" not found, or the token cannot see it\n');
  });

  it('a repo.path that does not exist: named, before GitHub is asked; recorded as an error cycle', async () => {
    const missing = join(seat.repo.root, 'no-such-clone');
    const file = seat.config({ repo: { path: missing, github: 'acme/widgets' } });
    const unmatched = unmatchedRequests();
    expect(await once(file)).toBe(1);
    unmatched.stop();
    // Not even the dashboard: `once` leaves noting the problem there to the daemon. (Only those
    // requests count: an earlier test's gate may still be retrying a read it no longer awaits.)
    expect(unmatched.seen.filter((request) => /overnight(%3A|:)dashboard|\/comments/.test(request))).toStrictEqual([]);
    expect(seat.err()).toBe(`overnight once: repo.path ${missing} does not exist: set it to your clone of the repository\n`);
    expect(recorded().cycles).toMatchObject([{ id: 1, outcome: 'error', reasons: [`repo.path ${missing} does not exist: set it to your clone of the repository`] }]);
  });

  it('a repo.path that is not a git repository', async () => {
    const file = seat.config({ repo: { path: seat.repo.root, github: 'acme/widgets' } });
    expect(await once(file)).toBe(1);
    expect(seat.err()).toBe(`overnight once: repo.path ${seat.repo.root} is not a git repository: set it to your clone of the repository\n`);
  });

  it('a repo.remote the clone does not have, listing the ones it has', async () => {
    const file = seat.config({ repo: { path: seat.repo.dev, remote: 'upstream', github: 'acme/widgets' } });
    expect(await once(file)).toBe(1);
    expect(seat.err()).toBe(`overnight once: repo.remote "upstream" is not a remote of ${seat.repo.dev} (its remotes: origin)\n`);
  });

  it('a repo.base that does not exist on the remote', async () => {
    const file = seat.config({ repo: { path: seat.repo.dev, base: 'trunk', github: 'acme/widgets' } });
    expect(await once(file)).toBe(1);
    expect(seat.err()).toBe(`overnight once: repo.base "trunk" does not exist on repo.remote "origin" (${seat.repo.origin})\n`);
  });

  it('a remote that cannot be reached, with git’s own reason', async () => {
    const gone = join(seat.repo.root, 'moved-away.git');
    execFileSync('git', ['remote', 'set-url', 'origin', gone], { cwd: seat.repo.dev });
    expect(await once(seat.config())).toBe(1);
    expect(seat.err()).toBe(`overnight once: cannot reach repo.remote "origin" (${gone}): '${gone}' does not appear to be a git repository\n`);
  });

  it('an agent whose program is missing is the runner’s problem: an error cycle, no session charged to the goal', async () => {
    const file = seat.config({ agents: { default: 'ghost', defs: { ghost: { kind: 'command', bin: '/nonexistent/ghost-agent' } } } });
    expect(await once(file)).toBe(1);
    expect(seat.err()).toBe('overnight once: agent "ghost": binary `/nonexistent/ghost-agent` not found or not executable; set agents.defs.ghost.bin\n');
    const { cycles, sessions, history } = recorded();
    expect(cycles).toMatchObject([{ outcome: 'error' }]);
    expect(sessions).toStrictEqual([]);
    expect(history.size).toBe(0);
  });

  it('an unknown --agent is a usage error: exit 2 before anything runs', async () => {
    expect(await once(seat.config(), '--agent', 'gemini')).toBe(2);
    expect(seat.err()).toBe('overnight once: --agent gemini: not defined in agents.defs and not a built-in (known: claude-code, codex, aider, edit, fail)\n');
    expect(recorded().cycles).toStrictEqual([]);
  });

  it('another runner holding the lock', async () => {
    const lock = join(seat.repo.dataDir, 'daemon.lock');
    execFileSync('mkdir', ['-p', seat.repo.dataDir]);
    execFileSync('sh', ['-c', `echo ${process.ppid} > '${lock}'`]);
    expect(await once(seat.config())).toBe(1);
    expect(seat.err()).toBe(`overnight once: another overnight runner (pid ${process.ppid}) is already running for this state directory (lock ${lock})\n`);
  });

  it('no token: what to do', async () => {
    seat.clear();
    vi.stubEnv('GITHUB_TOKEN', '');
    expect(await once(seat.config())).toBe(1);
    expect(seat.err()).toBe('overnight once: github.token is "env" but neither GITHUB_TOKEN nor GH_TOKEN is set: run `overnight auth login` and set github.token to "store", or export GITHUB_TOKEN where the runner starts\n');
  });
});

describe('overnight once --dry-run', () => {
  it('on a 401 still shows the window and the constraint verdicts, GitHub unknown with why; exit 1', async () => {
    const scope = nock(API);
    const refused = { message: 'Bad credentials' };
    scope.get(`${REPO}/contents/.github%2Fovernight.yml`).reply(401, refused);
    scope.get(`${REPO}/issues`).query(true).reply(401, refused);
    scope.get(`${REPO}/pulls`).query(true).reply(401, refused);
    const file = seat.config({ constraints: { minFreeDiskGb: 0.001 } });
    expect(await seat.run('once', '--config', file, '--dry-run')).toBe(1);
    const why = 'GitHub rejected the token from GITHUB_TOKEN (github.token): it is wrong, expired or revoked';
    expect(seat.out()).toMatch(
      new RegExp(
        '^preflight: ok \\(agent, workspace root, clone, remote and base branch\\)\\n' +
          'gate: (closed|unknown)\\n' +
          '  window 01:00-05:00 UTC: now (inside|outside)\\n' +
          '  constraints: minFreeDiskGb ✓\\n' +
          `  github: unknown: ${escape(why)}\\n`,
      ),
    );
    expect(seat.out()).toContain(`decision: none (unknown: GitHub could not be asked (${why}))\n`);
    expect(seat.err()).toBe(`overnight once: ${why}\n`);
  });

  it('without a token it checks the rest, and writes nothing', async () => {
    vi.stubEnv('GITHUB_TOKEN', '');
    const file = seat.config({ agents: { default: 'ghost', defs: { ghost: { kind: 'command', bin: '/nonexistent/ghost-agent' } } } });
    expect(await seat.run('once', '--config', file, '--dry-run', '--ignore-window')).toBe(1);
    expect(seat.out()).toContain(
      'preflight: failed\n  - agent "ghost": binary `/nonexistent/ghost-agent` not found or not executable; set agents.defs.ghost.bin\n',
    );
    expect(seat.out()).toContain('  window 01:00-05:00 UTC: now ');
    expect(seat.out()).toContain('  github: unknown: github.token is "env" but neither GITHUB_TOKEN nor GH_TOKEN is set: run `overnight auth login` and set github.token to "store", or export GITHUB_TOKEN where the runner starts\n');
    expect(seat.err()).toBe(
      'overnight once: agent "ghost": binary `/nonexistent/ghost-agent` not found or not executable; set agents.defs.ghost.bin; github.token is "env" but neither GITHUB_TOKEN nor GH_TOKEN is set: run `overnight auth login` and set github.token to "store", or export GITHUB_TOKEN where the runner starts\n',
    );
    // Nothing written: the workspace root is only checked, not made.
    expect(execFileSync('sh', ['-c', `ls -A '${seat.repo.root}'`], { encoding: 'utf8' })).not.toContain('data');
  });

  it('--json: one object, the goal by key and title', async () => {
    const scope = nock(API);
    mockGate(scope);
    scope.get(`${REPO}/issues`).query({ state: 'open', labels: 'overnight', per_page: '100' }).reply(200, []);
    expect(await seat.run('once', '--config', seat.config(), '--dry-run', '--ignore-window', '--json')).toBe(0);
    expect(JSON.parse(seat.out())).toMatchObject({
      complete: true,
      preflight: { ok: true, problems: [] },
      gate: { open: true, reasons: [], window: { window: '01:00-05:00 UTC', ignored: true } },
      decision: { kind: 'run', goal: 'config:0', title: 'Write the notes', agent: 'edit' },
      argv: [process.execPath, expect.stringMatching(/edit-file\.mjs$/)],
      agentError: null,
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
