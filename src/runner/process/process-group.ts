import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

/** How often a dying group is polled. */
const POLL_MS = 25;

export interface ProcessGroupOptions {
  /** `process.kill`, injectable. */
  kill?: (pid: number, signal: NodeJS.Signals | 0) => void;
  /** Lines of `ps -A -o pgid= -o stat=`. */
  listProcesses?: () => Promise<string>;
}

const execFileAsync = promisify(execFile);

async function psGroups(): Promise<string> {
  // Same flags on macOS and Linux (procps).
  const { stdout } = await execFileAsync('ps', ['-A', '-o', 'pgid=', '-o', 'stat=']);
  return stdout;
}

/**
 * Whether any live process remains in process group `pgid`. `kill(-pgid, 0)` alone is not
 * enough: an orphaned member that has exited stays a zombie until init reaps it, and some inits
 * (containers, CI sandboxes) never do, so zombies are discounted by asking `ps`.
 */
export async function processGroupAlive(
  pgid: number,
  { kill = process.kill, listProcesses = psGroups }: ProcessGroupOptions = {},
): Promise<boolean> {
  try {
    kill(-pgid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else; still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const listing = await listProcesses();
  return listing.split('\n').some((line) => {
    const [group, state] = line.trim().split(/\s+/);
    return Number(group) === pgid && state !== undefined && !state.startsWith('Z');
  });
}

export interface KillGroupOptions extends ProcessGroupOptions {
  /** Time between TERM and KILL. */
  graceMs: number;
  /** How long to wait for the group to vanish after KILL before giving up. */
  killWaitMs?: number;
}

/**
 * Stops every process in group `pgid`: SIGTERM, then SIGKILL to whatever is left after `graceMs`.
 * Resolves true once no live member remains, false if some survived even SIGKILL (a process stuck
 * in uninterruptible I/O).
 */
export async function killProcessGroup(
  pgid: number,
  { graceMs, killWaitMs = Math.max(graceMs, 2_000), ...options }: KillGroupOptions,
): Promise<boolean> {
  const kill = options.kill ?? process.kill;
  const signal = (name: NodeJS.Signals) => {
    try {
      kill(-pgid, name);
    } catch {
      // ESRCH: already gone between the check and the signal.
    }
  };
  if (!(await processGroupAlive(pgid, options))) return true;
  signal('SIGTERM');
  if (await waitGone(pgid, graceMs, options)) return true;
  signal('SIGKILL');
  return waitGone(pgid, killWaitMs, options);
}

async function waitGone(pgid: number, withinMs: number, options: ProcessGroupOptions): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (await processGroupAlive(pgid, options)) {
    if (Date.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
  return true;
}
