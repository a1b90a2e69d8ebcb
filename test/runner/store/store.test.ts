import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IllegalTransitionError, migrate, MIGRATIONS, openStore, type Store } from '../../../src/runner/store/index.js';

let dir: string;
let clock: Date;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'overnight-store-'));
  clock = new Date('2026-11-28T01:00:00Z');
  store = openStore(join(dir, 'state.db'), { now: () => clock });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const newSession = (id: string, goal = '#12', night = '2026-11-28') => ({
  id,
  night,
  goal,
  goalTitle: 'Add notes',
  agent: 'claude-code',
  rationale: 'why',
  branch: `agent/${id}`,
});

describe('the store', () => {
  it('runs in WAL mode at the latest schema version', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  });

  it('records cycles with their skip reasons', () => {
    const cycle = store.startCycle({ night: '2026-11-28', scheduledAt: clock, startedAt: clock, catchUp: true });
    clock = new Date('2026-11-28T01:00:02Z');
    const finished = store.finishCycle(cycle.id, { outcome: 'skipped', reasons: ['on battery (83%)', 'outside the window'] });
    expect(finished).toStrictEqual({
      id: cycle.id,
      night: '2026-11-28',
      scheduledAt: '2026-11-28T01:00:00.000Z',
      startedAt: '2026-11-28T01:00:00.000Z',
      finishedAt: '2026-11-28T01:00:02.000Z',
      catchUp: true,
      outcome: 'skipped',
      reasons: ['on battery (83%)', 'outside the window'],
    });
    expect(store.cyclesOfNight('2026-11-28')).toStrictEqual([finished]);
    expect(store.nights()).toStrictEqual(['2026-11-28']);
  });

  it('records the constraint checks of a gate, and none when they were not run', () => {
    const checks = [
      { name: 'pluggedIn', required: true, ok: true, reason: 'on AC power' },
      { name: 'maxCpuPercent', required: false, ok: false, reason: 'CPU 90%, maxCpuPercent is 50' },
    ];
    const open = store.startCycle({ night: '2026-11-28', scheduledAt: clock, startedAt: clock, catchUp: false });
    expect(store.finishCycle(open.id, { outcome: 'idle', reasons: ['#3 paused'], detail: 'nothing to do: #3 paused', checks }).checks).toStrictEqual(checks);
    const ignored = store.startCycle({ night: '2026-11-28', scheduledAt: clock, startedAt: clock, catchUp: false });
    expect(store.finishCycle(ignored.id, { outcome: 'idle', reasons: [] })).not.toHaveProperty('checks');
  });

  it('moves sessions only along the state machine, recording each transition', () => {
    store.createSession(newSession('20261128-0100-aaaaaa'));
    store.moveSession('20261128-0100-aaaaaa', 'running', { startedAt: clock.toISOString(), agentPid: 4242 });
    expect(() => store.moveSession('20261128-0100-aaaaaa', 'pushed')).toThrow(IllegalTransitionError);
    expect(store.getSession('20261128-0100-aaaaaa')).toMatchObject({ state: 'running', agentPid: 4242 });
    store.moveSession('20261128-0100-aaaaaa', 'committed', { commitSha: 'abc', verify: 'passed', outcome: 'complete' });
    store.moveSession('20261128-0100-aaaaaa', 'pushed');
    store.moveSession('20261128-0100-aaaaaa', 'pr-open', { prNumber: 9 }, 'bot opened it');
    expect(store.getSession('20261128-0100-aaaaaa')).toMatchObject({ state: 'pr-open', prNumber: 9, commitSha: 'abc', verify: 'passed', recurring: false });
    expect(store.transitionsOf('20261128-0100-aaaaaa')).toStrictEqual([
      { sessionId: '20261128-0100-aaaaaa', to: 'queued', at: clock.toISOString() },
      { sessionId: '20261128-0100-aaaaaa', from: 'queued', to: 'running', at: clock.toISOString() },
      { sessionId: '20261128-0100-aaaaaa', from: 'running', to: 'committed', at: clock.toISOString() },
      { sessionId: '20261128-0100-aaaaaa', from: 'committed', to: 'pushed', at: clock.toISOString() },
      { sessionId: '20261128-0100-aaaaaa', from: 'pushed', to: 'pr-open', at: clock.toISOString(), note: 'bot opened it' },
    ]);
    expect(() => store.moveSession('nope', 'running')).toThrow('no session nope');
  });

  it('gives decide the last attempt per goal and the failures of the night', () => {
    const attempts: [string, string, string, 'failed' | 'timeout' | 'no-changes'][] = [
      ['20261127-0100-aaaaaa', '#1', '2026-11-27', 'failed'],
      ['20261128-0100-bbbbbb', '#1', '2026-11-28', 'failed'],
      ['20261128-0130-cccccc', '#1', '2026-11-28', 'timeout'],
      ['20261128-0200-dddddd', '#2', '2026-11-28', 'no-changes'],
    ];
    for (const [id, goal, night, end] of attempts) {
      clock = new Date(`${night}T${id.slice(9, 11)}:${id.slice(11, 13)}:00Z`);
      store.createSession(newSession(id, goal, night));
      store.moveSession(id, 'running');
      store.moveSession(id, end);
    }
    expect(Object.fromEntries(store.goalHistory('2026-11-28'))).toStrictEqual({
      '#1': { lastAttemptAt: '2026-11-28T01:30:00.000Z', failuresTonight: 2 },
      '#2': { lastAttemptAt: '2026-11-28T02:00:00.000Z', failuresTonight: 0 },
    });
    expect(store.sessionsInState('failed', 'timeout').map((s) => s.id)).toStrictEqual([
      '20261127-0100-aaaaaa',
      '20261128-0100-bbbbbb',
      '20261128-0130-cccccc',
    ]);
  });

  it('reopens an existing database without re-running migrations, and reads it read-only', () => {
    store.createSession(newSession('20261128-0100-aaaaaa'));
    store.close();
    store = openStore(join(dir, 'state.db'));
    expect(store.getSession('20261128-0100-aaaaaa')?.state).toBe('queued');
    const reader = openStore(join(dir, 'state.db'), { readonly: true });
    expect(() => reader.createSession(newSession('20261128-0101-bbbbbb'))).toThrow(/readonly/);
    reader.close();
  });
});

describe('usage and rounds', () => {
  it('keeps a session\'s usage, the cap that stopped it and its test findings', () => {
    store.createSession(newSession('20261128-0100-aaaaaa'));
    const findings = [{ kind: 'tests-deleted' as const, file: 'test/a.test.ts', detail: 'test/a.test.ts deleted' }];
    store.updateSession('20261128-0100-aaaaaa', {
      costUsd: 0.4213,
      inputTokens: 12_000,
      outputTokens: 800,
      turns: 6,
      usageBasis: 'reported',
      agentSessionId: '8d3f6a2e-4b1c-4e7a-9f05-3c2b1d8e7a64',
      repairs: 1,
      stoppedBy: 'budget.maxCostPerSessionUsd',
      testFindings: findings,
    });
    expect(store.getSession('20261128-0100-aaaaaa')).toMatchObject({
      costUsd: 0.4213,
      inputTokens: 12_000,
      outputTokens: 800,
      turns: 6,
      usageBasis: 'reported',
      agentSessionId: '8d3f6a2e-4b1c-4e7a-9f05-3c2b1d8e7a64',
      repairs: 1,
      stoppedBy: 'budget.maxCostPerSessionUsd',
      testFindings: findings,
    });
    // An unknown cost stays unknown: null clears it, nothing reads as 0.
    store.updateSession('20261128-0100-aaaaaa', { costUsd: null });
    expect(store.getSession('20261128-0100-aaaaaa')).not.toHaveProperty('costUsd');
  });

  it('records each round once, completing it when the verify result comes', () => {
    store.createSession(newSession('20261128-0100-aaaaaa'));
    store.createSession(newSession('20261128-0130-bbbbbb'));
    const first = { sessionId: '20261128-0100-aaaaaa', round: 0, startedAt: clock.toISOString(), agentMs: 5000, exitCode: 0, costUsd: 0.3, inputTokens: 100, outputTokens: 10, usageBasis: 'reported' as const };
    store.rounds.record(first);
    expect(store.rounds.record({ ...first, verify: 'failed', verifyMs: 900 })).toStrictEqual({ ...first, verify: 'failed', verifyMs: 900 });
    store.rounds.record({ sessionId: '20261128-0100-aaaaaa', round: 1, startedAt: clock.toISOString(), agentMs: 2000, stopped: 'budget.maxCostPerSessionUsd', testFindings: [{ kind: 'tests-skipped', file: 'a.test.ts', detail: 'a.test.ts adds it.skip' }] });
    store.rounds.record({ sessionId: '20261128-0130-bbbbbb', round: 0, startedAt: clock.toISOString() });
    const rounds = store.rounds.of(['20261128-0100-aaaaaa']);
    expect(rounds.map((round) => [round.round, round.verify, round.stopped])).toStrictEqual([
      [0, 'failed', undefined],
      [1, undefined, 'budget.maxCostPerSessionUsd'],
    ]);
    expect(rounds[1]!.testFindings).toStrictEqual([{ kind: 'tests-skipped', file: 'a.test.ts', detail: 'a.test.ts adds it.skip' }]);
    expect(store.rounds.of([])).toStrictEqual([]);
  });
});

describe('migrations', () => {
  it('brings a database of the first schema up to date, keeping its cycles; a read-only reader of it sees no checks', () => {
    const file = join(dir, 'old.db');
    const old = new Database(file);
    migrate(old, MIGRATIONS.slice(0, 1));
    old.prepare("INSERT INTO nights (night, first_cycle_at) VALUES ('2026-11-27', '2026-11-27T01:00:00.000Z')").run();
    old.prepare("INSERT INTO cycles (night, scheduled_at, started_at, outcome) VALUES ('2026-11-27', 'a', 'b', 'skipped')").run();
    old.close();
    const reader = openStore(file, { readonly: true });
    expect(reader.cyclesOfNight('2026-11-27')).toMatchObject([{ outcome: 'skipped', reasons: [] }]);
    expect(reader.cyclesOfNight('2026-11-27')[0]).not.toHaveProperty('checks');
    reader.close();
    const upgraded = openStore(file);
    expect(upgraded.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(upgraded.cyclesOfNight('2026-11-27')).toMatchObject([{ outcome: 'skipped' }]);
    const cycle = upgraded.startCycle({ night: '2026-11-27', scheduledAt: clock, startedAt: clock, catchUp: false });
    const checks = [{ name: 'wifiOnly', required: true, ok: true, reason: 'on wifi' }];
    expect(upgraded.finishCycle(cycle.id, { outcome: 'idle', checks }).checks).toStrictEqual(checks);
    upgraded.close();
  });

  it('adds claims and push attempts to a database of the second schema; a read-only reader of it sees none', () => {
    const file = join(dir, 'v2.db');
    const old = new Database(file);
    migrate(old, MIGRATIONS.slice(0, 2));
    old
      .prepare(
        `INSERT INTO sessions (id, night, state, goal, goal_title, agent, branch, claim_ref, created_at, updated_at)
         VALUES ('20261127-0100-aaaaaa', '2026-11-27', 'committed', '#12', 'Notes', 'edit', 'agent/20261127-0100-aaaaaa', 'refs/heads/overnight-claims/issue-12', 'a', 'b')`,
      )
      .run();
    old.close();
    const reader = openStore(file, { readonly: true });
    expect(reader.getSession('20261127-0100-aaaaaa')).toMatchObject({ state: 'committed', pushAttempts: 0 });
    expect(reader.claims.ofSessions(['20261127-0100-aaaaaa'])).toStrictEqual([]);
    reader.close();
    const upgraded = openStore(file, { now: () => clock });
    expect(upgraded.getSession('20261127-0100-aaaaaa')).toMatchObject({ pushAttempts: 0 });
    expect(upgraded.getSession('20261127-0100-aaaaaa')).not.toHaveProperty('nextPushAt');
    const claim = upgraded.claims.begin({ ref: 'refs/heads/overnight-claims/issue-13', goal: '#13', sessionId: '20261128-0100-bbbbbb', runner: 'mac' });
    expect(claim).toStrictEqual({
      id: 1,
      ref: 'refs/heads/overnight-claims/issue-13',
      goal: '#13',
      sessionId: '20261128-0100-bbbbbb',
      runner: 'mac',
      state: 'pending',
      claimedAt: clock.toISOString(),
      releaseAttempts: 0,
    });
    upgraded.claims.update(claim.id, { state: 'held', sha: 'c'.repeat(40) });
    expect(upgraded.claims.unreleased()).toMatchObject([{ state: 'held', sha: 'c'.repeat(40) }]);
    expect(upgraded.claims.knows('20261128-0100-bbbbbb')).toBe(true);
    upgraded.claims.update(claim.id, { state: 'released', releasedAt: clock.toISOString(), releaseAttempts: 1 });
    expect(upgraded.claims.unreleased()).toStrictEqual([]);
    expect(upgraded.claims.openOf('20261128-0100-bbbbbb')).toBeUndefined();
    upgraded.close();
  });

  it('adds usage, repairs and rounds to a database of the third schema; a read-only reader of it sees none', () => {
    const file = join(dir, 'v3.db');
    const old = new Database(file);
    migrate(old, MIGRATIONS.slice(0, 3));
    old
      .prepare(
        `INSERT INTO sessions (id, night, state, goal, goal_title, agent, branch, created_at, updated_at)
         VALUES ('20261127-0100-aaaaaa', '2026-11-27', 'pr-open', '#12', 'Notes', 'edit', 'agent/20261127-0100-aaaaaa', 'a', 'b')`,
      )
      .run();
    old.close();
    const reader = openStore(file, { readonly: true });
    expect(reader.getSession('20261127-0100-aaaaaa')).not.toHaveProperty('costUsd');
    expect(reader.rounds.of(['20261127-0100-aaaaaa'])).toStrictEqual([]);
    reader.close();
    const upgraded = openStore(file, { now: () => clock });
    expect(upgraded.getSession('20261127-0100-aaaaaa')).not.toHaveProperty('testFindings');
    upgraded.close();
  });

  it('applies only the missing ones, in order, keyed on user_version', () => {
    const db = new Database(':memory:');
    const v1 = ['CREATE TABLE a (x INTEGER);'];
    expect(migrate(db, v1)).toBe(1);
    db.prepare('INSERT INTO a (x) VALUES (1)').run();
    expect(migrate(db, [...v1, 'ALTER TABLE a ADD COLUMN y TEXT DEFAULT \'new\';'])).toBe(2);
    expect(db.prepare('SELECT x, y FROM a').all()).toStrictEqual([{ x: 1, y: 'new' }]);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
  });

  it('rolls a failing migration back whole', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, ['CREATE TABLE a (x INTEGER);', 'CREATE TABLE b (y); NOT SQL;'])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toStrictEqual([]);
  });

  it('refuses a database written by a newer overnight', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 99');
    expect(() => migrate(db)).toThrow(`state database schema version 99 is newer than this overnight knows (${MIGRATIONS.length}); upgrade overnight`);
  });
});
