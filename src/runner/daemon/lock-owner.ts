import { readFileSync } from 'node:fs';
import type { ProcessStart } from './process-start.js';

/** Who holds a lock, as its file records it. Locks written by older versions hold only the pid. */
export interface LockOwner {
  pid: number;
  host?: string;
  /** The owner's start as `processStart` saw it (key and time). */
  start?: ProcessStart;
}

export function formatLockOwner(owner: LockOwner): string {
  return `${JSON.stringify(owner)}\n`;
}

/** The owner recorded in a lock file's text: the JSON record, or a bare pid from an older version. */
export function parseLockOwner(text: string): LockOwner | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return validPid(Number(trimmed)) ? { pid: Number(trimmed) } : undefined;
  let record: unknown;
  try {
    record = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (typeof record !== 'object' || record === null) return undefined;
  const { pid, host, start } = record as Record<string, unknown>;
  if (typeof pid !== 'number' || !validPid(pid)) return undefined;
  const owner: LockOwner = { pid };
  if (typeof host === 'string' && host !== '') owner.host = host;
  if (typeof start === 'object' && start !== null) {
    const { key, at } = start as Record<string, unknown>;
    if (typeof key === 'string' && typeof at === 'string') owner.start = { key, at };
  }
  return owner;
}

/** The owner in the lock file at `path`, or undefined when it is missing or unreadable. */
export function readLockOwner(path: string): LockOwner | undefined {
  try {
    return parseLockOwner(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

const validPid = (pid: number) => Number.isInteger(pid) && pid > 0;

export type LockVerdict =
  | { kind: 'held'; owner: LockOwner }
  /** Another machine sharing this directory: its processes cannot be seen from here. */
  | { kind: 'other-host'; owner: LockOwner }
  | { kind: 'stale'; owner?: LockOwner; reason: string };

export interface LockFacts {
  host: string;
  isAlive: (pid: number) => boolean;
  startOf: (pid: number) => ProcessStart | undefined;
}

/**
 * Whether a recorded owner still holds its lock. A pid alone proves little: after a power loss
 * the pid in a lock may belong to any process started since, so a live pid counts only when it
 * started when the lock says. When its start cannot be read now, a live pid keeps the lock:
 * two runners on one state dir would be worse than one that waits.
 */
export function judgeLock(owner: LockOwner | undefined, facts: LockFacts): LockVerdict {
  if (!owner) return { kind: 'stale', reason: 'the lock file is unreadable' };
  if (owner.host !== undefined && owner.host !== facts.host) return { kind: 'other-host', owner };
  if (!facts.isAlive(owner.pid)) return { kind: 'stale', owner, reason: `its pid ${owner.pid} is not running` };
  const now = owner.start && facts.startOf(owner.pid);
  if (owner.start && now && now.key !== owner.start.key) {
    return {
      kind: 'stale',
      owner,
      reason: `pid ${owner.pid} is alive but started at ${now.at}, not at ${owner.start.at} as the lock records: the pid was reused after the runner ended`,
    };
  }
  return { kind: 'held', owner };
}
