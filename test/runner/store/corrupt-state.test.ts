import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { listMovedAside, describeMovedAside, openStateStore, openStore, StateCorruptError, type MovedAside } from '../../../src/runner/store/index.js';

const NOW = new Date('2026-12-02T01:28:42.123Z');

function dbIn(): string {
  return join(mkdtempSync(join(tmpdir(), 'overnight-corrupt-')), 'state.db');
}

/** A real state database with a night of cycles: enough rows for several pages. */
function healthyDb(file: string): void {
  const store = openStore(file);
  for (let i = 0; i < 400; i++) {
    const cycle = store.startCycle({ night: '2026-11-28', scheduledAt: NOW, startedAt: NOW, catchUp: false });
    store.finishCycle(cycle.id, { outcome: 'skipped', reasons: [`on battery (${i}%), pluggedIn is required`] });
  }
  store.checkpoint();
  store.close();
}

/** The three kinds of damage a power loss or a bad disk leaves. */
const DAMAGE: [string, (file: string) => void][] = [
  ['random bytes', (file) => writeFileSync(file, randomBytes(8192))],
  [
    'a database cut in half',
    (file) => {
      healthyDb(file);
      truncateSync(file, Math.floor(statSync(file).size / 2));
    },
  ],
  [
    'a valid header with garbage pages',
    (file) => {
      healthyDb(file);
      // Pages 3-5 (4 KiB each): the header and the schema page stay intact, so the file opens
      // and even answers simple queries; only the quick check sees the damage.
      const fd = openSync(file, 'r+');
      writeSync(fd, randomBytes(3 * 4096), 0, 3 * 4096, 2 * 4096);
      closeSync(fd);
    },
  ],
];

describe('a corrupt state database', () => {
  it.each(DAMAGE)('with %s: the runner moves it aside with its -wal and -shm, says so once, and starts a fresh one', (_why, damage) => {
    const file = dbIn();
    damage(file);
    writeFileSync(`${file}-wal`, 'a leftover log');
    writeFileSync(`${file}-shm`, 'a leftover index');
    const damaged = readFileSync(file);
    const told: { moved: MovedAside; error: StateCorruptError }[] = [];

    const store = openStateStore(file, false, { now: () => NOW, onMovedAside: (moved, error) => told.push({ moved, error }) });

    const movedTo = `${file}.corrupt-20261202T012842Z`;
    expect(told).toHaveLength(1);
    expect(told[0]!.moved).toStrictEqual({ path: movedTo, at: '2026-12-02T01:28:42.123Z' });
    expect(told[0]!.error.message).toMatch(/is corrupt \((file is not a database|database disk image is malformed|quick_check: )/);
    expect(readFileSync(movedTo)).toStrictEqual(damaged);
    expect(readFileSync(`${movedTo}-wal`, 'utf8')).toBe('a leftover log');
    // The -shm is only an index of the log, which SQLite rebuilds on open; it moves along all the same.
    expect(existsSync(`${movedTo}-shm`)).toBe(true);
    // The fresh store works and is empty.
    expect(store.nights()).toStrictEqual([]);
    store.startCycle({ night: '2026-12-02', scheduledAt: NOW, startedAt: NOW, catchUp: false });
    store.close();
    expect(openStore(file).nights()).toStrictEqual(['2026-12-02']);
  });

  it.each(DAMAGE)('with %s: a read-only open (report, status, the demo) moves nothing and says how to fix it', (_why, damage) => {
    const file = dbIn();
    damage(file);
    const before = readFileSync(file);

    let error: unknown;
    try {
      openStateStore(file, true);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(StateCorruptError);
    expect((error as Error).message).toContain(`the state database ${file} is corrupt`);
    expect((error as Error).message).toContain('Start the runner (`overnight run` or `overnight once`): it moves the file aside');
    expect(readFileSync(file)).toStrictEqual(before);
    expect(readdirSync(join(file, '..')).filter((name) => name.includes('corrupt'))).toStrictEqual([]);
  });

  it('a second corruption in the same second gets its own name', () => {
    const file = dbIn();
    writeFileSync(file, randomBytes(4096));
    openStateStore(file, false, { now: () => NOW }).close();
    writeFileSync(file, randomBytes(4096));
    openStateStore(file, false, { now: () => NOW }).close();
    expect(listMovedAside(file).map((moved) => moved.path)).toStrictEqual([`${file}.corrupt-20261202T012842Z`, `${file}.corrupt-20261202T012842Z-1`]);
  });

  it('lists what was moved aside, for status and report, until the user deletes it', () => {
    const file = dbIn();
    writeFileSync(file, randomBytes(4096));
    openStateStore(file, false, { now: () => NOW }).close();
    const [moved] = listMovedAside(file);
    expect(moved).toStrictEqual({ path: `${file}.corrupt-20261202T012842Z`, at: '2026-12-02T01:28:42.000Z' });
    expect(describeMovedAside(moved!)).toBe(
      `the state database was corrupt and was moved to ${file}.corrupt-20261202T012842Z at 2026-12-02T01:28:42.000Z; the runner started a fresh one ` +
        '(history before then is in that file; delete it when you no longer need it)',
    );
  });

  it('leaves a database from a newer overnight where it is: that is an upgrade to make, not damage', () => {
    const file = dbIn();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openStateStore(file, false)).toThrow('state database schema version 99 is newer than this overnight knows');
    expect(listMovedAside(file)).toStrictEqual([]);
    expect(existsSync(file)).toBe(true);
  });
});

describe('a healthy state database', () => {
  it('is written in WAL mode with synchronous=NORMAL and is not moved', () => {
    const file = dbIn();
    healthyDb(file);
    const store = openStateStore(file, false, { onMovedAside: () => expect.unreachable() });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(store.nights()).toStrictEqual(['2026-11-28']);
    store.close();
  });

  it('is checkpointed into one file: the write-ahead log is copied in and truncated', () => {
    const file = dbIn();
    const store = openStore(file);
    store.startCycle({ night: '2026-12-02', scheduledAt: NOW, startedAt: NOW, catchUp: false });
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);

    expect(store.checkpoint()).toBe(true);
    expect(statSync(`${file}-wal`).size).toBe(0);
    // What the checkpoint wrote is in the main file: a copy of it alone holds the cycle.
    const copy = `${file}.copy`;
    writeFileSync(copy, readFileSync(file));
    expect(openStore(copy, { readonly: true }).nights()).toStrictEqual(['2026-12-02']);
    store.close();
  });
});
