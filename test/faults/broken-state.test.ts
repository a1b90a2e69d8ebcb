import { existsSync, openSync, readFileSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullsForGoal } from '../e2e/helpers/github-reads.js';
import { waitUntil } from '../e2e/helpers/wait-until.js';
import { FaultNight, type FaultRunner } from './helpers/fault-night.js';

// What a power loss can leave in a runner's state dir: a state.db whose first page is garbage,
// and a lock whose pid now belongs to another live process (here this test's own, which must
// come to no harm). `overnight run` must start anyway, say what it found, and lose nothing that
// GitHub remembers.

const night = new FaultNight();
let runner: FaultRunner;
let before: number;

beforeAll(async () => {
  await night.start();
  runner = night.runner('studio');
  // A night with history: one goal worked on, its PR open.
  before = await night.goal('Note of the night before the power loss');
  const once = await runner.once();
  expect(once.code, once.stderr).toBe(0);
});
afterAll(() => night.close());

describe('a state dir damaged by a power loss', () => {
  it('the daemon moves the corrupt state.db aside, takes over the stale lock, says both, and works', async () => {
    const db = join(runner.stateDir, 'state.db');
    const damaged = readFileSync(db);
    // The header and the first page's start: SQLite then answers "file is not a database".
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(512, 0x5a), 0, 512, 0);
    closeSync(fd);
    damaged.fill(0x5a, 0, 512);
    const lock = join(runner.stateDir, 'daemon.lock');
    writeFileSync(lock, `${JSON.stringify({ pid: process.pid, host: hostname(), start: { key: 'linux:boot-of-last-night:4242', at: '2026-12-01T22:00:00.000Z' } })}\n`);

    // `report` only reads: it says what happened and what to do, and leaves the file alone.
    await expect(runner.report()).rejects.toThrow(/exited 1: the state database .*state\.db is corrupt \(file is not a database, SQLITE_NOTADB\)\. Start the runner/);
    expect(readFileSync(db)).toStrictEqual(damaged);

    const goal = await night.goal('Note of the night after');
    const daemon = runner.start();
    const wait = <T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false) =>
      waitUntil(what, check, { timeoutMs: 60_000, intervalMs: 1_000, running: [daemon], explain: runner.explain });
    // The runner records its session's PR after GitHub has it: the report is the later of the two.
    const report = await wait(`the session of #${goal} with its PR`, async () => {
      // Until the daemon has opened its state, `report` still finds the corrupt file.
      const seen = await runner.report().catch(() => undefined);
      return seen?.sessions.at(-1)?.state === 'pr-open' && seen;
    });

    const messages = runner.log().map((line) => line.msg);
    expect(messages).toContainEqual(
      expect.stringMatching(new RegExp(`^took over a stale lock \\(pid ${process.pid} is alive but started at .+, not at 2026-12-01T22:00:00.000Z as the lock records: the pid was reused after the runner ended\\)$`)),
    );
    expect(messages).toContainEqual(expect.stringMatching(/^the state database was corrupt \(.*not a database.*\); moved it to .+state\.db\.corrupt-\d{8}T\d{6}Z and started a fresh one$/));

    const status = await runner.status();
    expect(status.movedAside).toHaveLength(1);
    const moved = status.movedAside![0]!.path;
    expect(readFileSync(moved)).toStrictEqual(damaged);
    expect(report.sessions.map((session) => [session.goal, session.state])).toStrictEqual([[`#${goal}`, 'pr-open']]);

    expect(await daemon.stop()).toMatchObject({ code: 0 });
    expect(existsSync(lock)).toBe(false);
    // Nothing lost: the night before is on GitHub, its goal was not worked on again.
    const snapshot = await night.sandbox.snapshot();
    expect(pullsForGoal(snapshot, goal)).toHaveLength(1);
    expect(pullsForGoal(snapshot, before)).toHaveLength(1);
    expect(night.leftovers()).toStrictEqual([]);
  }, 120_000);
});
