import { linkSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { formatLockOwner, judgeLock, readLockOwner, type LockOwner } from './lock-owner.js';
import { processStart, type ProcessStart } from './process-start.js';

/** The lock file in a runner's data dir: one runner (daemon or `once`) per state dir. */
export function lockFilePath(dataDir: string): string {
  return join(dataDir, 'daemon.lock');
}

export class LockHeldError extends Error {
  constructor(
    readonly owner: LockOwner,
    readonly path: string,
    readonly otherHost = false,
  ) {
    super(
      otherHost
        ? `an overnight runner on another machine (host ${owner.host}, pid ${owner.pid}) holds this state directory (lock ${path}); ` +
            `if no runner runs on ${owner.host} any more, delete the lock file`
        : `another overnight runner (pid ${owner.pid}) is already running for this state directory (lock ${path})`,
    );
    this.name = 'LockHeldError';
  }

  get pid(): number {
    return this.owner.pid;
  }
}

export interface PidLock {
  readonly path: string;
  /** Set when a stale lock was replaced: whose it was and why it no longer counted. */
  readonly tookOver?: { owner?: LockOwner; reason: string };
  release(): void;
}

export interface LockOptions {
  pid?: number;
  host?: string;
  /** Whether a process exists; signal 0 only checks (EPERM means it exists but is not ours). */
  isAlive?: (pid: number) => boolean;
  startOf?: (pid: number) => ProcessStart | undefined;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One daemon per state dir: the lock file records its owner's pid, start time and host. It is
 * created exclusively (O_EXCL semantics) by hard-linking a fully written temp file into place:
 * link(2) fails with EEXIST like `open(O_CREAT|O_EXCL)` does, but the lock never exists empty,
 * so a second runner can never mistake a lock being written for a stale one. A lock whose owner
 * is gone (dead pid, or a live pid that started at another time) is taken over; one from
 * another host is left alone, since that host's processes cannot be seen from here.
 */
export function acquirePidLock(path: string, options: LockOptions = {}): PidLock {
  const { pid = process.pid, host = hostname(), isAlive = isProcessAlive, startOf = (p: number) => processStart(p) } = options;
  mkdirSync(dirname(path), { recursive: true });
  const start = startOf(pid);
  const owner: LockOwner = { pid, host, ...(start ? { start } : {}) };
  let tookOver: PidLock['tookOver'];
  // Two rounds: the second follows removing a stale lock. If another runner won the race to
  // re-create it in between, its owner is alive and the second round reports it.
  for (let round = 0; round < 2; round += 1) {
    const temp = `${path}.${pid}.tmp`;
    writeFileSync(temp, formatLockOwner(owner), { mode: 0o644 });
    try {
      linkSync(temp, path);
      return { path, ...(tookOver ? { tookOver } : {}), release: () => releaseIfOurs(path, owner) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkQuietly(temp);
    }
    const holder = readLockOwner(path);
    // A lock naming our own pid on this host was written by us or by a dead process: no live
    // process but us can have this pid here.
    const ours = holder?.pid === pid && (holder.host === undefined || holder.host === host);
    const verdict = ours ? { kind: 'stale' as const, owner: holder, reason: `it names this process (pid ${pid})` } : judgeLock(holder, { host, isAlive, startOf });
    if (verdict.kind === 'held') throw new LockHeldError(verdict.owner, path);
    if (verdict.kind === 'other-host') throw new LockHeldError(verdict.owner, path, true);
    tookOver = { ...(verdict.owner ? { owner: verdict.owner } : {}), reason: verdict.reason };
    unlinkQuietly(path);
  }
  throw new LockHeldError(readLockOwner(path) ?? { pid: -1 }, path);
}

function releaseIfOurs(path: string, owner: LockOwner): void {
  const current = readLockOwner(path);
  if (current?.pid === owner.pid && current.host === owner.host) unlinkQuietly(path);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
