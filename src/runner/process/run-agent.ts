import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { finished } from 'node:stream/promises';
import { execa } from 'execa';
import { OutputTail } from './output-tail.js';
import { killProcessGroup, type ProcessGroupOptions } from './process-group.js';
import type { Redact } from './redact.js';
import { scrubEnv } from './scrub-env.js';

export { processGroupAlive, killProcessGroup } from './process-group.js';
export { scrubEnv } from './scrub-env.js';

/** Output kept in memory per stream; the log file has all of it. */
const DEFAULT_TAIL_CHARS = 256 * 1024;

export interface RunAgentOptions extends ProcessGroupOptions {
  bin: string;
  args: readonly string[];
  cwd: string;
  /** Extra variables (an agent definition's `env`), over `baseEnv`; both are scrubbed. */
  env?: Record<string, string>;
  timeoutMs: number;
  /** Between TERM and KILL. */
  graceMs?: number;
  /** Appended to, redacted, one line per output line. */
  logFile: string;
  redact: Redact;
  /** Aborting stops the run the way a timeout does (the daemon's SIGTERM handler uses it). */
  signal?: AbortSignal;
  /** Called with the pid (= process group id) as soon as it is running, to record it for crash recovery. */
  onSpawn?: (pid: number) => void;
  /** Each output line, redacted, as it is written to the log (a live view of the run). */
  onOutput?: (line: string) => void;
  /** Run `bin` as a shell command line (verify.ts); agents never are. */
  shell?: boolean;
  baseEnv?: NodeJS.ProcessEnv;
  tailChars?: number;
  now?: () => number;
}

export interface RunAgentResult {
  /** Undefined when it was ended by a signal. */
  exitCode: number | undefined;
  signal: string | undefined;
  timedOut: boolean;
  aborted: boolean;
  /** Redacted tails of stdout, stderr, and both interleaved as they arrived. */
  stdout: string;
  stderr: string;
  output: string;
  durationMs: number;
  /** False only if some process of the group survived SIGKILL (noted in the log). */
  groupGone: boolean;
}

/**
 * Runs an agent (or the verify command) in its own process group, with a scrubbed environment
 * and stdin closed, streaming redacted output into `logFile`. At `timeoutMs`, or on abort, the
 * whole group gets SIGTERM and, after `graceMs`, SIGKILL: agents spawn shells, test runners and
 * language servers, and a kill aimed at the leader alone would leave those editing the worktree.
 * Whatever the leader leaves behind when it exits is stopped the same way. Resolves once no live
 * process of the group remains.
 */
export async function runAgent({
  bin,
  args,
  cwd,
  env = {},
  timeoutMs,
  graceMs = 10_000,
  logFile,
  redact,
  signal,
  onSpawn,
  onOutput,
  shell = false,
  baseEnv = process.env,
  tailChars = DEFAULT_TAIL_CHARS,
  now = () => performance.now(),
  ...groupOptions
}: RunAgentOptions): Promise<RunAgentResult> {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  // A full disk must not take the daemon down mid-session: the run goes on, the tails say why the log stops.
  let logError: Error | undefined;
  log.on('error', (error) => {
    logError ??= error;
  });
  const tails = { stdout: new OutputTail(tailChars), stderr: new OutputTail(tailChars), output: new OutputTail(tailChars * 2) };
  const sink = (name: 'stdout' | 'stderr') =>
    function* (line: unknown) {
      const clean = redact(String(line));
      log.write(`${clean}\n`);
      tails[name].push(clean);
      tails.output.push(clean);
      onOutput?.(clean);
    };
  const note = (text: string) => {
    log.write(`[overnight] ${text}\n`);
    tails.output.push(`[overnight] ${text}`);
  };

  const started = now();
  const subprocess = execa(bin, args, {
    cwd,
    env: scrubEnv({ ...baseEnv, ...env }),
    extendEnv: false,
    detached: true,
    shell,
    stdin: 'ignore',
    stdout: [sink('stdout')],
    stderr: [sink('stderr')],
    reject: false,
  });
  const pid = subprocess.pid;
  if (pid === undefined) {
    const failure = await subprocess;
    await closeStream(log);
    const reason = 'originalMessage' in failure ? failure.originalMessage : 'it exited before starting';
    throw new Error(`could not start \`${bin}\`: ${redact(String(reason))}`);
  }
  onSpawn?.(pid);

  let exited = false;
  let timedOut = false;
  let aborted = false;
  let stopping: Promise<boolean> | undefined;
  const stopGroup = () => (stopping ??= killProcessGroup(pid, { graceMs, ...groupOptions }));
  const timer = setTimeout(() => {
    if (exited) return;
    timedOut = true;
    note(`time budget of ${timeoutMs} ms reached: stopping process group ${pid} (TERM, then KILL after ${graceMs} ms)`);
    void stopGroup();
  }, timeoutMs);
  const onAbort = () => {
    if (exited || timedOut) return;
    aborted = true;
    note(`aborted: stopping process group ${pid} (TERM, then KILL after ${graceMs} ms)`);
    void stopGroup();
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  subprocess.once('exit', () => {
    exited = true;
    // Children it left behind (still holding the output pipes, or editing files) go too.
    void stopGroup();
  });

  const result = await subprocess;
  clearTimeout(timer);
  signal?.removeEventListener('abort', onAbort);
  const groupGone = await stopGroup();
  if (!groupGone) note(`process group ${pid} still has live processes after SIGKILL`);
  await closeStream(log);
  if (logError) tails.output.push(`[overnight] the session log ${logFile} could not be written: ${logError.message}`);
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    timedOut,
    aborted,
    stdout: tails.stdout.text(),
    stderr: tails.stderr.text(),
    output: tails.output.text(),
    durationMs: Math.round(now() - started),
    groupGone,
  };
}

async function closeStream(stream: WriteStream): Promise<void> {
  stream.end();
  await finished(stream).catch(() => {
    // Already recorded by the stream's error listener.
  });
}
