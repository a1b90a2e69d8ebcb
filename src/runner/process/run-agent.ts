import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { finished } from 'node:stream/promises';
import { execa } from 'execa';
import { stopSandbox } from '../sandbox/stop-sandbox.js';
import { trackProcessTree, type ProcessTreeOptions } from '../sandbox/track-process-tree.js';
import type { SandboxLaunch } from '../sandbox/containment.js';
import { wrapCommand } from '../sandbox/wrap-command.js';
import { OutputTail } from './output-tail.js';
import { killProcessGroup, type ProcessGroupOptions } from './process-group.js';
import type { Redact } from './redact.js';

export { processGroupAlive, killProcessGroup } from './process-group.js';

/** Output kept in memory per stream; the log file has all of it. */
const DEFAULT_TAIL_CHARS = 256 * 1024;
/** How often the process tree of a run is sampled where nothing else catches a setsid() escape. */
const TREE_SAMPLE_MS = 1_000;

export interface RunAgentOptions extends ProcessGroupOptions {
  bin: string;
  args: readonly string[];
  cwd: string;
  /** The whole environment (see child-env.ts): nothing else of the runner's reaches the process. */
  env: Record<string, string>;
  /** Written to stdin, which is then closed (the prompt, for CLIs that read it there); without it stdin is /dev/null. */
  input?: string;
  /** Run inside this sandbox (containment.ts); without it the process runs uncontained as the runner's user. */
  sandbox?: SandboxLaunch | undefined;
  timeoutMs: number;
  /** Between TERM and KILL. */
  graceMs?: number;
  /** Appended to, redacted, one line per output line. */
  logFile: string;
  redact: Redact;
  /** Aborting stops the run the way a timeout does (the daemon's SIGTERM handler uses it). */
  signal?: AbortSignal;
  /**
   * Aborted when the run passed a cap (cost, tokens, the night's minutes): it is stopped the way a
   * timeout is, and the abort reason (a string naming the cap) comes back as `stoppedBy`.
   */
  stop?: AbortSignal;
  /** Each stdout line as it arrives, before redaction: the usage meter reads the agent's own figures there. */
  onStdoutLine?: (line: string) => void;
  /** Called with the pid (= process group id) as soon as it is running, to record it for crash recovery. */
  onSpawn?: (pid: number) => void;
  /** Each output line, redacted, as it is written to the log (a live view of the run). */
  onOutput?: (line: string) => void;
  tailChars?: number;
  now?: () => number;
  /** The process-table reader and killer behind the tree tracking (tests). */
  tree?: Omit<ProcessTreeOptions, 'intervalMs'>;
}

export interface RunAgentResult {
  /** Undefined when it was ended by a signal. */
  exitCode: number | undefined;
  signal: string | undefined;
  timedOut: boolean;
  aborted: boolean;
  /** Why a cap stopped the run (the `stop` signal's reason); undefined when none did. */
  stoppedBy?: string;
  /** Redacted tails of stdout, stderr, and both interleaved as they arrived. */
  stdout: string;
  stderr: string;
  output: string;
  durationMs: number;
  /** False only if some process it started survived SIGKILL (noted in the log). */
  groupGone: boolean;
}

/**
 * Runs an agent (or the verify command) in its own process group, inside the sandbox when one is
 * given, with exactly the environment it is handed and the prompt (if any) on stdin, streaming
 * redacted output into `logFile`. At `timeoutMs`, or on abort, everything it started gets
 * SIGTERM and, after `graceMs`, SIGKILL: agents spawn shells, test runners and language
 * servers, and some of them call setsid() to leave the group. Inside bubblewrap the PID namespace
 * takes them all; without it, the process tree (sampled every second) and the group are both
 * stopped. Whatever the agent leaves behind when it exits is stopped the same way. Resolves once
 * no process of the run remains.
 */
export async function runAgent({
  bin,
  args,
  cwd,
  env,
  input,
  sandbox,
  timeoutMs,
  graceMs = 10_000,
  logFile,
  redact,
  signal,
  stop,
  onStdoutLine,
  onSpawn,
  onOutput,
  tailChars = DEFAULT_TAIL_CHARS,
  now = () => performance.now(),
  tree: treeOptions = {},
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
      if (name === 'stdout' && onStdoutLine) {
        try {
          onStdoutLine(String(line));
        } catch {
          // A reader's bug must not cost the agent its output or the session its log.
        }
      }
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

  const wrapped = sandbox ? wrapCommand(sandbox.policy, sandbox, [bin, ...args], { graceMs }) : undefined;
  const started = now();
  const subprocess = execa(wrapped?.bin ?? bin, wrapped?.args ?? args, {
    cwd: wrapped?.cwd ?? cwd,
    env: { ...env, ...wrapped?.env },
    extendEnv: false,
    detached: true,
    ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
    stdout: [sink('stdout')],
    stderr: [sink('stderr')],
    reject: false,
  });
  const pid = subprocess.pid;
  if (pid === undefined) {
    const failure = await subprocess;
    await closeStream(log);
    const reason = 'originalMessage' in failure ? failure.originalMessage : 'it exited before starting';
    throw new Error(`could not start \`${wrapped?.bin ?? bin}\`: ${redact(String(reason))}`);
  }
  onSpawn?.(pid);
  // bubblewrap's PID namespace holds every process of the run; elsewhere escapes must be seen
  // while their parent still lives, so the table is sampled as the run goes.
  const tree = trackProcessTree(pid, { ...treeOptions, intervalMs: sandbox?.tool === 'bwrap' ? 0 : TREE_SAMPLE_MS });

  let exited = false;
  let timedOut = false;
  let aborted = false;
  let stoppedBy: string | undefined;
  let stopping: Promise<boolean> | undefined;
  const stopAll = () =>
    (stopping ??= sandbox
      ? // A plain TERM to bwrap would end its namespace at once, giving the agent no grace.
        stopSandbox(pid, { tool: sandbox.tool, graceMs, tree })
      : Promise.all([killProcessGroup(pid, { graceMs, ...groupOptions }), tree.stop({ graceMs })]).then(([group, rest]) => group && rest.gone));
  const what = sandbox ? `the ${sandbox.tool} sandbox of pid ${pid}` : `process group ${pid} and its descendants`;
  const timer = setTimeout(() => {
    if (exited || stoppedBy !== undefined) return;
    timedOut = true;
    note(`time budget of ${timeoutMs} ms reached: stopping ${what} (TERM, then KILL after ${graceMs} ms)`);
    void stopAll();
  }, timeoutMs);
  const onAbort = () => {
    if (exited || timedOut || stoppedBy !== undefined) return;
    aborted = true;
    note(`aborted: stopping ${what} (TERM, then KILL after ${graceMs} ms)`);
    void stopAll();
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  const onStop = () => {
    if (exited || timedOut || aborted) return;
    stoppedBy = typeof stop?.reason === 'string' ? stop.reason : 'stopped by a cap';
    note(`${stoppedBy}: stopping ${what} (TERM, then KILL after ${graceMs} ms)`);
    void stopAll();
  };
  if (stop?.aborted) onStop();
  else stop?.addEventListener('abort', onStop, { once: true });
  subprocess.once('exit', () => {
    exited = true;
    // Children it left behind (still holding the output pipes, or editing files) go too.
    void stopAll();
  });

  const result = await subprocess;
  clearTimeout(timer);
  signal?.removeEventListener('abort', onAbort);
  stop?.removeEventListener('abort', onStop);
  const groupGone = await stopAll();
  tree.close();
  if (!groupGone) note(`${what}: some processes are still alive after SIGKILL`);
  await closeStream(log);
  if (logError) tails.output.push(`[overnight] the session log ${logFile} could not be written: ${logError.message}`);
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    timedOut,
    aborted,
    ...(stoppedBy !== undefined ? { stoppedBy } : {}),
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
