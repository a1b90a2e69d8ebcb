import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** One row of `ps -A -o pid=,ppid=,pgid=,stat=,lstart=`. */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
  /** `Z...` is a zombie: it has exited and only waits to be reaped. */
  stat: string;
  /** Start time as printed (one-second resolution): with the pid, tells a process from a later one reusing its pid. */
  started: string;
}

const execFileAsync = promisify(execFile);

/** The whole process table; same flags on macOS and Linux (procps), C locale for a stable date format. */
export async function readProcessTable(): Promise<string> {
  const { stdout } = await execFileAsync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat=,lstart='], {
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

export function parseProcessTable(text: string): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.+?)\s*$/.exec(line);
    if (!match) continue;
    const [, pid, ppid, pgid, stat, started] = match as unknown as [string, string, string, string, string, string];
    entries.push({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), stat, started });
  }
  return entries;
}

export const isZombie = (entry: ProcessEntry) => entry.stat.startsWith('Z');
