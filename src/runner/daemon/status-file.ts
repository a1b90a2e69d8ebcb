import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CycleTrigger } from '../cycle/cycle-types.js';

export type DaemonState = 'created' | 'waiting' | 'open' | 'running' | 'stopping' | 'stopped';

export interface TickRecord {
  night: string;
  scheduledAt: string;
  firedAt: string;
  catchUp: boolean;
  /** Absent in a status written before back-to-back and parallel cycles: a tick or catch-up. */
  trigger?: CycleTrigger | undefined;
}

/** A cycle running now: its slot's goal and session once it has chosen them. */
export interface RunningCycle extends TickRecord {
  id: string;
  goal?: string | undefined;
  session?: string | undefined;
}

export interface LastCycle extends TickRecord {
  id: string;
  finishedAt: string;
  outcome: string;
  detail?: string | undefined;
}

/** What `overnight status` shows; the daemon writes it to `daemon-status.json` in the data dir. */
export interface DaemonStatus {
  pid: number;
  state: DaemonState;
  startedAt?: string | undefined;
  updatedAt: string;
  timezone: string;
  window: { open: true; night: string; closesAt: string } | { open: false; opensAt?: string | undefined };
  nextTick?: string | undefined;
  assertion: { tool: string | undefined; held: boolean };
  /** Every cycle running now, one per busy slot (`budget.maxConcurrent`). */
  running: RunningCycle[];
  /** Back-to-back and free-slot cycles due soon, earliest first. */
  pendingStarts?: Array<{ at: string; trigger: CycleTrigger }> | undefined;
  lastCycle?: LastCycle | undefined;
  lastWake?: { at: string; gapMs: number } | undefined;
}

const STATUS_FILE = 'daemon-status.json';

export function statusFilePath(dataDir: string): string {
  return join(dataDir, STATUS_FILE);
}

/** Written to a temp file and renamed over the old one, so a reader never sees half a file. */
export function writeStatusFile(path: string, status: DaemonStatus): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(status, null, 2)}\n`);
  renameSync(temp, path);
}

/** The last status the daemon wrote, or undefined when it never ran with this data dir. */
export function readStatusFile(path: string): DaemonStatus | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let status: DaemonStatus & { running?: unknown };
  try {
    status = JSON.parse(text) as DaemonStatus;
  } catch {
    throw new Error(`${path} is not valid JSON; delete it and the daemon writes a fresh one`);
  }
  // A daemon from before parallel slots wrote one running cycle, or none, instead of a list.
  const running = status.running;
  return { ...status, running: Array.isArray(running) ? running : running ? [running as RunningCycle] : [] };
}
