import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The lock file in a runner's data dir: one runner (daemon or `once`) per state dir. */
export function lockFilePath(dataDir: string): string {
  return join(dataDir, 'daemon.lock');
}

export class LockHeldError extends Error {
  constructor(
    readonly pid: number,
    readonly path: string,
  ) {
    super(`another overnight runner (pid ${pid}) is already running for this state directory (lock ${path})`);
    this.name = 'LockHeldError';
  }
}

export interface PidLock {
  readonly path: string;
  release(): void;
}

export interface LockOptions {
  pid?: number;
  /** Whether a process exists; signal 0 only checks (EPERM means it exists but is not ours). */
  isAlive?: (pid: number) => boolean;
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
 * One daemon per state dir: the lock file holds the owner's pid. It is created exclusively
 * (O_EXCL semantics) by hard-linking a fully written temp file into place: link(2) fails with
 * EEXIST like `open(O_CREAT|O_EXCL)` does, but the lock never exists empty, so a second runner
 * can never mistake a lock being written for a stale one. A lock whose pid is dead is stale
 * (the owner was SIGKILLed or the machine lost power) and is taken over.
 */
export function acquirePidLock(path: string, { pid = process.pid, isAlive = isProcessAlive }: LockOptions = {}): PidLock {
  mkdirSync(dirname(path), { recursive: true });
  // Two rounds: the second follows removing a stale lock. If another runner won the race to
  // re-create it in between, its pid is alive and the second round reports it.
  for (let round = 0; round < 2; round += 1) {
    const temp = `${path}.${pid}.tmp`;
    writeFileSync(temp, `${pid}\n`, { mode: 0o644 });
    try {
      linkSync(temp, path);
      return { path, release: () => releaseIfOurs(path, pid) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkQuietly(temp);
    }
    const holder = readPid(path);
    if (holder !== undefined && holder !== pid && isAlive(holder)) throw new LockHeldError(holder, path);
    unlinkQuietly(path);
  }
  throw new LockHeldError(readPid(path) ?? -1, path);
}

/** The pid in a lock file, or undefined when it is missing or unreadable. */
export function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function releaseIfOurs(path: string, pid: number): void {
  if (readPid(path) === pid) unlinkQuietly(path);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
