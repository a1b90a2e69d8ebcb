import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * When a process started. `key` is what tells one process from a later one that reuses its pid
 * (compared for equality only); `at` is the same moment as a time, for people reading the lock.
 */
export interface ProcessStart {
  key: string;
  at: string;
}

export interface ProcessStartOptions {
  platform?: NodeJS.Platform;
  readFile?: (path: string) => string;
  /** Runs a command and returns its stdout; throws when it fails (a pid that is gone). */
  exec?: (file: string, args: readonly string[], env: NodeJS.ProcessEnv) => string;
  /** USER_HZ, the unit of /proc/<pid>/stat's starttime: 100 on every architecture Node ships for. */
  clockTicksPerSecond?: number;
}

const realReadFile = (path: string) => readFileSync(path, 'utf8');
const realExec = (file: string, args: readonly string[], env: NodeJS.ProcessEnv) =>
  execFileSync(file, [...args], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 });

/** The start of `pid`, or undefined when it is gone or this platform cannot tell. */
export function processStart(pid: number, options: ProcessStartOptions = {}): ProcessStart | undefined {
  const { platform = process.platform } = options;
  try {
    if (platform === 'linux') return linuxStart(pid, options);
    if (platform === 'darwin') return darwinStart(pid, options);
  } catch {
    // The process is gone (no /proc entry, ps exits 1) or the file is unreadable.
  }
  return undefined;
}

/**
 * Linux: field 22 of /proc/<pid>/stat, clock ticks since boot. The key pairs it with the boot id,
 * not with /proc/stat's btime, because btime moves whenever the wall clock is stepped (NTP, a
 * resumed laptop): a key built on it would make a live runner's lock look stale.
 */
function linuxStart(pid: number, { readFile = realReadFile, clockTicksPerSecond = 100 }: ProcessStartOptions): ProcessStart | undefined {
  const ticks = startTicks(readFile(`/proc/${pid}/stat`));
  if (ticks === undefined) return undefined;
  const btime = bootTime(readFile('/proc/stat'));
  if (btime === undefined) return undefined;
  let boot: string;
  try {
    boot = readFile('/proc/sys/kernel/random/boot_id').trim();
  } catch {
    boot = `btime-${btime}`;
  }
  const at = new Date(btime * 1000 + Math.round((ticks * 1000) / clockTicksPerSecond)).toISOString();
  return { key: `linux:${boot}:${ticks}`, at };
}

/** Field 22 of a /proc/<pid>/stat line; the command name (field 2) may hold spaces and parentheses. */
export function startTicks(stat: string): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the name start at 3 (state), so field 22 is index 19.
  const ticks = Number(fields[19]);
  return Number.isSafeInteger(ticks) && ticks >= 0 ? ticks : undefined;
}

export function bootTime(procStat: string): number | undefined {
  const match = /^btime (\d+)$/m.exec(procStat);
  return match ? Number(match[1]) : undefined;
}

/**
 * macOS: `ps -o lstart=`, the wall-clock time the process was forked (one-second resolution),
 * printed in the C locale and UTC so every reader prints the same text for the same process.
 */
function darwinStart(pid: number, { exec = realExec }: ProcessStartOptions): ProcessStart | undefined {
  const text = exec('ps', ['-o', 'lstart=', '-p', String(pid)], { ...process.env, LC_ALL: 'C', LANG: 'C', TZ: 'UTC' });
  return parseLstart(text);
}

/** `Mon May  5 15:14:23 2026` (as printed with TZ=UTC) -> its key and ISO time. */
export function parseLstart(text: string): ProcessStart | undefined {
  const printed = text.trim().replace(/\s+/g, ' ');
  const match = /^\w{3} (\w{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/.exec(printed);
  if (!match) return undefined;
  const [, month, day, hours, minutes, seconds, year] = match as unknown as string[];
  const monthIndex = MONTHS.indexOf(month!);
  if (monthIndex < 0) return undefined;
  const at = new Date(Date.UTC(Number(year), monthIndex, Number(day), Number(hours), Number(minutes), Number(seconds)));
  return { key: `darwin:${at.getTime() / 1000}`, at: at.toISOString() };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
