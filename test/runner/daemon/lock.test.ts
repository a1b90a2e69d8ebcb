import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquirePidLock, LockHeldError } from '../../../src/runner/daemon/lock.js';
import { parseLockOwner } from '../../../src/runner/daemon/lock-owner.js';
import { processStart } from '../../../src/runner/daemon/process-start.js';

const lockIn = () => join(mkdtempSync(join(tmpdir(), 'overnight-lock-')), 'state', 'daemon.lock');

function writeLock(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** The pid of a process that has exited: a lock holding it is stale. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A live process that is not a runner: what a reused pid names after a power loss. */
function liveForeignProcess(): number {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

function heldError(run: () => unknown): LockHeldError {
  try {
    run();
  } catch (error) {
    if (error instanceof LockHeldError) return error;
    throw error;
  }
  throw new Error('expected the lock to be held');
}

describe('daemon lock', () => {
  it('records our pid, start time and host, and is removed on release', () => {
    const path = lockIn();
    const lock = acquirePidLock(path);
    const owner = parseLockOwner(readFileSync(path, 'utf8'));
    expect(owner).toMatchObject({ pid: process.pid, host: hostname() });
    if (process.platform === 'linux' || process.platform === 'darwin') expect(owner!.start).toStrictEqual(processStart(process.pid));
    expect(lock.tookOver).toBeUndefined();
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a second daemon while the first lives, naming its pid', () => {
    const path = lockIn();
    const first = acquirePidLock(path);
    const error = heldError(() => acquirePidLock(path, { pid: process.pid + 1 }));
    expect(error.pid).toBe(process.pid);
    expect(error.message).toBe(`another overnight runner (pid ${process.pid}) is already running for this state directory (lock ${path})`);
    first.release();
  });

  it.runIf(process.platform === 'linux' || process.platform === 'darwin')(
    'refuses a live owner that started when its lock says, and takes over one whose pid now names a later process',
    () => {
      const path = lockIn();
      const pid = liveForeignProcess();
      const start = processStart(pid)!;
      writeLock(path, `${JSON.stringify({ pid, host: hostname(), start })}\n`);
      expect(heldError(() => acquirePidLock(path)).pid).toBe(pid);

      // The same live pid, recorded with the start of the runner it named before the power loss.
      const before = { key: `${start.key}-before-the-power-loss`, at: '2026-11-27T23:00:00.000Z' };
      writeLock(path, `${JSON.stringify({ pid, host: hostname(), start: before })}\n`);
      const lock = acquirePidLock(path);
      expect(parseLockOwner(readFileSync(path, 'utf8'))?.pid).toBe(process.pid);
      expect(lock.tookOver).toStrictEqual({
        owner: { pid, host: hostname(), start: before },
        reason: `pid ${pid} is alive but started at ${start.at}, not at 2026-11-27T23:00:00.000Z as the lock records: the pid was reused after the runner ended`,
      });
      lock.release();
    },
  );

  it('takes over a stale lock left by a dead process, saying why', () => {
    const path = lockIn();
    const stale = deadPid();
    writeLock(path, `${JSON.stringify({ pid: stale, host: hostname(), start: { key: 'k', at: '2026-11-28T00:00:00.000Z' } })}\n`);
    const lock = acquirePidLock(path);
    expect(lock.tookOver?.reason).toBe(`its pid ${stale} is not running`);
    lock.release();
  });

  it('respects a lock from another host whatever its pid, and says how to clear it', () => {
    const path = lockIn();
    const text = `${JSON.stringify({ pid: deadPid(), host: 'studio-mac.local', start: { key: 'k', at: '2026-11-28T00:00:00.000Z' } })}\n`;
    writeLock(path, text);
    const error = heldError(() => acquirePidLock(path));
    expect(error.message).toBe(
      `an overnight runner on another machine (host studio-mac.local, pid ${error.pid}) holds this state directory (lock ${path}); ` +
        'if no runner runs on studio-mac.local any more, delete the lock file',
    );
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('keeps a live pid whose start cannot be read now: two runners would be worse than one waiting', () => {
    const path = lockIn();
    writeLock(path, `${JSON.stringify({ pid: process.ppid, host: hostname(), start: { key: 'k', at: '2026-11-28T00:00:00.000Z' } })}\n`);
    expect(heldError(() => acquirePidLock(path, { startOf: () => undefined })).pid).toBe(process.ppid);
  });

  it('reads a lock an older overnight wrote (a bare pid): alive holds, dead is taken over', () => {
    const path = lockIn();
    writeLock(path, `${process.ppid}\n`);
    expect(heldError(() => acquirePidLock(path)).pid).toBe(process.ppid);
    writeLock(path, `${deadPid()}\n`);
    acquirePidLock(path).release();
  });

  it('takes over an unreadable lock, and a release never removes a lock someone else holds', () => {
    const path = lockIn();
    writeLock(path, 'garbage');
    const ours = acquirePidLock(path);
    expect(ours.tookOver).toStrictEqual({ reason: 'the lock file is unreadable' });
    writeFileSync(path, `${deadPid()}\n`);
    ours.release();
    expect(existsSync(path)).toBe(true);
  });
});
