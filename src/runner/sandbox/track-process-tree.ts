import { setTimeout as delay } from 'node:timers/promises';
import { isZombie, parseProcessTable, readProcessTable, type ProcessEntry } from './process-table.js';

const POLL_MS = 25;

export interface ProcessTreeOptions {
  /** The text of `ps -A -o pid=,ppid=,pgid=,stat=,lstart=`. */
  listProcesses?: () => Promise<string>;
  kill?: (pid: number, signal: NodeJS.Signals) => void;
  /** Also sample on this interval while the session runs; 0 samples only when asked. */
  intervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** This process: never a member, nor its group. */
  selfPid?: number;
}

export interface StopTreeOptions {
  /** Between SIGTERM and SIGKILL. */
  graceMs: number;
  /** Not sent SIGTERM (bwrap's outer process: it would die at once and take the namespace with it). */
  spare?: readonly number[];
  /** How long to keep killing and re-checking after SIGKILL. */
  killWaitMs?: number;
}

export interface ProcessTree {
  /** Reads the process table, adds what descends from the tree now, returns the live members. */
  sample(): Promise<ProcessEntry[]>;
  /** SIGTERM to every live member, SIGKILL to what is left after the grace, then checks again until none is left. */
  stop(options: StopTreeOptions): Promise<{ gone: boolean; survivors: number[] }>;
  close(): void;
}

/**
 * Every process descended from `rootPid`, remembered across samples: a member is a live process
 * whose parent is a member, or that is in a process group a live member is in; it stays a member
 * (by pid and start time) after its parent exits and it is reparented to init. So what left the
 * tree with setsid() is caught as long as one sample saw it attached, and a pid reused by an
 * unrelated process is not mistaken for it. Processes that double-fork and setsid() between two
 * samples escape this walk: on Linux the PID namespace kills them anyway, on macOS the in-sandbox
 * reaper does (reaper-script.ts).
 */
export function trackProcessTree(rootPid: number, options: ProcessTreeOptions = {}): ProcessTree {
  const {
    listProcesses = readProcessTable,
    kill = (pid, signal) => process.kill(pid, signal),
    intervalMs = 0,
    sleep = (ms) => delay(ms),
    now = () => performance.now(),
    selfPid = process.pid,
  } = options;
  const seen = new Map<number, string>();

  const sample = async (): Promise<ProcessEntry[]> => {
    const live = parseProcessTable(await listProcesses()).filter((entry) => !isZombie(entry));
    const byPid = new Map(live.map((entry) => [entry.pid, entry]));
    const ownGroup = byPid.get(selfPid)?.pgid;
    const isMember = (entry: ProcessEntry | undefined) => entry !== undefined && seen.get(entry.pid) === entry.started;
    const root = byPid.get(rootPid);
    if (root && !seen.has(rootPid)) seen.set(rootPid, root.started);
    for (let grew = true; grew; ) {
      grew = false;
      // Recomputed each pass from live members only: a group id cannot be reused while a member lives.
      const groups = new Set(live.filter(isMember).map((entry) => entry.pgid));
      for (const entry of live) {
        if (isMember(entry) || entry.pid === selfPid || entry.pid <= 1) continue;
        const inGroup = groups.has(entry.pgid) && entry.pgid !== ownGroup && entry.pgid > 1;
        if (isMember(byPid.get(entry.ppid)) || inGroup) {
          seen.set(entry.pid, entry.started);
          grew = true;
        }
      }
    }
    return live.filter(isMember);
  };

  let sampling = false;
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          if (sampling) return;
          sampling = true;
          // A failed sample only loses one observation; the next one or stop() retries.
          sample()
            .catch(() => undefined)
            .finally(() => {
              sampling = false;
            });
        }, intervalMs)
      : undefined;
  timer?.unref();

  const signal = (entries: ProcessEntry[], name: NodeJS.Signals) => {
    for (const { pid } of entries) {
      try {
        kill(pid, name);
      } catch {
        // ESRCH: it exited since the sample.
      }
    }
  };

  return {
    sample,
    close: () => clearInterval(timer),
    async stop({ graceMs, spare = [], killWaitMs = Math.max(graceMs, 2_000) }) {
      const spared = (entry: ProcessEntry) => spare.includes(entry.pid);
      let members = await sample();
      signal(
        members.filter((entry) => !spared(entry)),
        'SIGTERM',
      );
      for (const graceEnd = now() + graceMs; members.some((entry) => !spared(entry)) && now() < graceEnd; ) {
        await sleep(POLL_MS);
        members = await sample();
      }
      for (const killEnd = now() + killWaitMs; ; ) {
        members = await sample();
        if (members.length === 0) return { gone: true, survivors: [] };
        if (now() >= killEnd) return { gone: false, survivors: members.map((entry) => entry.pid) };
        signal(members, 'SIGKILL');
        await sleep(POLL_MS);
      }
    },
  };
}
