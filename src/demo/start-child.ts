import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface ChildOptions {
  /** Everything the child prints goes here (appended). */
  outputFile: string;
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface Child {
  pid: number;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  running(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
  /** The last lines it printed, for an error message. */
  tail(lines?: number): string;
}

/** Starts a long-running child (the runner) with its output in a file. */
export function startChild(file: string, args: string[], { outputFile, env, cwd }: ChildOptions): Child {
  const fd = openSync(outputFile, 'a');
  // Its own process group: Ctrl-C in the terminal reaches only the demo, which stops the child itself.
  const child = spawn(file, args, { env, cwd, stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  let done = false;
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      done = true;
      resolve(code);
    });
  });
  if (child.pid === undefined) throw new Error(`could not start ${file} ${args.join(' ')}`);
  return {
    pid: child.pid,
    exited,
    running: () => !done,
    async stop(graceMs = 20_000) {
      if (done) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
    tail(lines = 15) {
      return readFileSync(outputFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    },
  };
}
