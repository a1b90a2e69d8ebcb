import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API, REPO, mockClaim, mockGate, mockIssues } from '../runner/helpers/github-mock.js';
import { normalise, openSeat, type Seat } from './once-harness.js';

let seat: Seat | undefined;
beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  seat?.cleanup();
  expect(pending).toStrictEqual([]);
});

/** GitHub for one session on the static goal: the gate, no issues, the claim, and its PR. */
function mockSession({ openPr }: { openPr?: number } = {}): void {
  const scope = nock(API);
  mockGate(scope);
  mockIssues(scope, []);
  mockClaim(scope, { released: openPr !== undefined });
  scope.get(`${REPO}/pulls`).query({ state: 'all', head: /acme:agent\/.+/, per_page: '1' }).reply(200, []);
  if (openPr !== undefined) scope.post(`${REPO}/pulls`).reply(201, { number: openPr });
}

const once = (file: string, ...args: string[]) => seat!.run('once', '--config', file, '--ignore-window', '--ignore-constraints', ...args);
const seconds = (text: string) => text.replace(/ran for \d+ s/g, 'ran for N s');

describe('overnight once, piped', () => {
  it('prints plain lines: the goal, the session and its log, the agent, verify, the pushed branch; exit 0', async () => {
    seat = openSeat();
    mockSession();
    expect(await once(seat.config())).toBe(0);
    expect(seconds(normalise(seat.out(), seat))).toBe(
      [
        '→ goal config:0 "Write the notes" · agent edit',
        '  Goal config:0: never attempted; first of 1 ready goal. Agent edit: the default (no label or prefer rule matched).',
        '  session <session> · log <tmp>/data/sessions/<session>.log',
        '· agent edit ran for N s',
        '· verify skipped (no verify.command)',
        '✓ pushed agent/<session>; the bot opens the PR',
        '',
      ].join('\n'),
    );
    // No JSON log lines on the terminal: they went to the log file.
    expect(seat.err()).toBe('');
  });

  it('a failed verify that still opened a PR says so, with the PR link; exit 0', async () => {
    seat = openSeat();
    mockSession({ openPr: 4 });
    const file = seat.config({ pr: { openedBy: 'runner' }, verify: { command: 'echo the tests fail; exit 1' } });
    expect(await once(file)).toBe(0);
    const printed = seconds(normalise(seat.out(), seat));
    expect(printed).toContain('· agent edit ran for N s\n✗ verify failed (its output is in the session log)\n! verify failed; draft PR #4: https://github.com/acme/widgets/pull/4\n');
  });

  it('--json: one object with the session, the branch, the PR and its URL, the verify result and the log', async () => {
    seat = openSeat();
    mockSession({ openPr: 4 });
    const file = seat.config({ pr: { openedBy: 'runner' }, verify: { command: 'true' } });
    expect(await once(file, '--json')).toBe(0);
    const result = JSON.parse(seat.out()) as Record<string, unknown>;
    expect(result).toStrictEqual({
      outcome: 'pr-open',
      detail: expect.stringMatching(/^agent\/\d{8}-\d{4}-[0-9a-f]{6} PR #4$/),
      cycle: 1,
      session: expect.stringMatching(/^\d{8}-\d{4}-[0-9a-f]{6}$/),
      goal: 'config:0',
      agent: 'edit',
      branch: `agent/${result.session}`,
      prNumber: 4,
      prUrl: 'https://github.com/acme/widgets/pull/4',
      verify: 'passed',
      sessionOutcome: 'complete',
      logPath: `${seat.repo.dataDir}/sessions/${result.session}.log`,
      agentSeconds: expect.any(Number),
    });
    expect(seat.err()).toBe('');
  });

  it('a failed session: the reason and the log on stderr, exit 1', async () => {
    seat = openSeat();
    const scope = nock(API);
    mockGate(scope);
    mockIssues(scope, []);
    mockClaim(scope);
    expect(await once(seat.config(), '--agent', 'fail')).toBe(1);
    expect(normalise(seat.err(), seat)).toBe('overnight once: session failed: agent fail exited with code 3; log: <tmp>/data/sessions/<session>.log\n');
    expect(seconds(normalise(seat.out(), seat))).toContain('  session <session> · log <tmp>/data/sessions/<session>.log\n· agent fail ran for N s\n');
  });

  it('nothing to do is not an error: exit 0, and why', async () => {
    seat = openSeat();
    const scope = nock(API);
    mockGate(scope);
    mockIssues(scope, []);
    expect(await once(seat.config({ goals: [] }))).toBe(0);
    expect(seat.out()).toBe('· nothing to do: no open issue labelled as a goal, no revision requested, no static goal\n');
  });
});

describe('overnight once on a terminal', () => {
  it('colours its lines and keeps a live line it erases before each lasting one', async () => {
    seat = openSeat({ tty: true });
    mockSession();
    expect(await once(seat.config())).toBe(0);
    const printed = seat.out();
    expect(printed).toContain('\u001b[1m→\u001b[22m goal config:0 "Write the notes" · agent edit\n');
    expect(printed).toContain('\u001b[32m✓\u001b[39m pushed agent/');
    // The live line: drawn dim, with the elapsed time and who works, erased in place.
    expect(printed).toMatch(/\u001b\[2m0:\d\d {2}agent edit/);
    expect(printed).toContain('\r\u001b[2K');
    expect(printed.endsWith('the bot opens the PR\n')).toBe(true);
  });

  it('NO_COLOR keeps the live line but drops every colour', async () => {
    seat = openSeat({ tty: true });
    vi.stubEnv('NO_COLOR', '1');
    mockSession();
    expect(await once(seat.config())).toBe(0);
    const printed = seat.out();
    expect(printed).toContain('\r\u001b[2K');
    expect(printed.replaceAll('\r\u001b[2K', '')).not.toContain('\u001b[');
    expect(printed).toContain('✓ pushed agent/');
  });
});
