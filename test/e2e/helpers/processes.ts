import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Started {
  name: string;
  pid: number;
  exited: Promise<Exit>;
  running(): boolean;
  /** Everything it printed so far (stdout and stderr interleaved). */
  output(): string;
  /** SIGTERM to the process (the way launchd, systemd or Ctrl-C stop it), SIGKILL to its group after `graceMs`. */
  stop(graceMs?: number): Promise<Exit>;
}

export interface StartOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** A copy of the output, kept for reading after a failure. */
  logFile: string;
}

/**
 * Starts processes each as the leader of its own process group and remembers the groups, so
 * `stopAll` (in afterAll, whatever happened) can end them and anything they left behind.
 */
export class ProcessTracker {
  private readonly started: Started[] = [];

  start(name: string, file: string, args: string[], { env, cwd, logFile }: StartOptions): Started {
    const child = spawn(file, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid === undefined) throw new Error(`could not start ${name}: ${file} ${args.join(' ')}`);
    let text = '';
    const keep = (chunk: Buffer) => {
      text += String(chunk);
      appendFileSync(logFile, chunk);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    let done = false;
    const exited = new Promise<Exit>((resolve) =>
      child.once('exit', (code, signal) => {
        done = true;
        resolve({ code, signal });
      }),
    );
    const pid = child.pid;
    const started: Started = {
      name,
      pid,
      exited,
      running: () => !done,
      output: () => text,
      async stop(graceMs = 20_000) {
        if (!done) child.kill('SIGTERM');
        const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
        try {
          return await exited;
        } finally {
          clearTimeout(timer);
        }
      },
    };
    this.started.push(started);
    return started;
  }

  /** The process group ids of everything started (each child leads its own group). */
  groups(): number[] {
    return this.started.map((started) => started.pid);
  }

  /** Stops what still runs, last started first, then kills whatever is left in their groups. */
  async stopAll(): Promise<void> {
    for (const started of [...this.started].reverse()) await started.stop(5_000);
    for (const pgid of this.groups()) signalGroup(pgid, 'SIGKILL');
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

export interface ProcessRow {
  pid: number;
  pgid: number;
  args: string;
}

/** Live processes (zombies aside) other than this one. `ps` works the same on Linux and macOS, unlike /proc. */
export function processTable(): ProcessRow[] {
  const table = execFileSync('ps', ['-A', '-o', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return table.split('\n').flatMap((line) => {
    const match = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!match) return [];
    const [, pid, pgid, stat, args] = match as unknown as [string, string, string, string, string];
    if (Number(pid) === process.pid || stat.startsWith('Z') || args.startsWith('ps ')) return [];
    return [{ pid: Number(pid), pgid: Number(pgid), args }];
  });
}

/**
 * Processes in one of `groups`, or whose command line mentions `marker` (the test's temp dir,
 * where the agent, the stand-ins and the state live).
 */
export function leftovers({ groups, marker }: { groups: number[]; marker: string }): string[] {
  return processTable()
    .filter((row) => groups.includes(row.pgid) || row.args.includes(marker))
    .map((row) => `${row.pid} (group ${row.pgid}): ${row.args}`);
}
