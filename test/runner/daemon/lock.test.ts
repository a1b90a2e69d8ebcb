import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquirePidLock, LockHeldError } from '../../../src/runner/daemon/lock.js';

const lockIn = () => join(mkdtempSync(join(tmpdir(), 'overnight-lock-')), 'state', 'daemon.lock');

/** The pid of a process that has exited: a lock holding it is stale. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('daemon lock', () => {
  it('is created with our pid and removed on release', () => {
    const path = lockIn();
    const lock = acquirePidLock(path);
    expect(readFileSync(path, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a second daemon while the first lives, naming its pid', () => {
    const path = lockIn();
    const first = acquirePidLock(path);
    let error: unknown;
    try {
      acquirePidLock(path, { pid: process.pid + 1 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LockHeldError);
    expect((error as LockHeldError).pid).toBe(process.pid);
    expect((error as Error).message).toBe(`another overnight runner (pid ${process.pid}) is already running for this state directory (lock ${path})`);
    first.release();
  });

  it('takes over a stale lock left by a dead process', () => {
    const path = lockIn();
    acquirePidLock(path).release();
    const stale = deadPid();
    writeFileSync(path, `${stale}\n`);
    const lock = acquirePidLock(path);
    expect(readFileSync(path, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
  });

  it('takes over an unreadable lock, and a release never removes a lock someone else holds', () => {
    const path = lockIn();
    acquirePidLock(path).release();
    writeFileSync(path, 'garbage');
    const ours = acquirePidLock(path);
    writeFileSync(path, `${deadPid()}\n`);
    ours.release();
    expect(existsSync(path)).toBe(true);
  });
});
