import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Logger } from 'pino';
import { caffeinateArgs } from './caffeinate.js';
import { findExecutable } from '../platform/index.js';
import { systemdInhibitArgs } from './systemd-inhibit.js';

export type AssertionTool = 'caffeinate' | 'systemd-inhibit';

/** Keeps the machine awake while held. At most one assertion process exists at a time. */
export interface SleepAssertion {
  readonly held: boolean;
  /** The tool this platform uses, or undefined when it is not installed or has failed to work. */
  readonly tool: AssertionTool | undefined;
  /**
   * Takes the assertion (no-op while held). Resolves false when no tool could be started; a tool
   * that fails just after starting shows as `held: false` once it has exited.
   */
  hold(reason: string): Promise<boolean>;
  /** Ends the assertion (no-op when not held) and waits for its process to be gone. */
  release(): Promise<void>;
}

export interface AssertionOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** The process whose death ends the assertion on its own: the runner. */
  pid?: number;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** systemd-inhibit only: how often the watcher shell checks the runner pid. */
  pollSeconds?: number;
  /** How long a released assertion process gets to exit after TERM before KILL. */
  killGraceMs?: number;
  /** Where the process `exit` hook is registered, so an exit path that skips release still kills it. */
  proc?: Pick<NodeJS.Process, 'on' | 'off'>;
}

const TOOL_FOR: Partial<Record<NodeJS.Platform, AssertionTool>> = { darwin: 'caffeinate', linux: 'systemd-inhibit' };

export function createSleepAssertion({
  platform = process.platform,
  env = process.env,
  pid = process.pid,
  logger,
  pollSeconds = 5,
  killGraceMs = 2_000,
  proc = process,
}: AssertionOptions = {}): SleepAssertion {
  const tool = TOOL_FOR[platform];
  const path = tool && findExecutable(tool, { env });
  let child: ChildProcess | undefined;
  // Why no assertion can be taken, once that is known. Where no tool works, one warning,
  // then the daemon runs without one, so nothing is tried (or logged) again.
  let unavailable = !tool ? `no sleep assertion tool is known on ${platform}` : !path ? `${tool} was not found on PATH` : undefined;
  let warned = false;
  const giveUp = (why: string, fields: Record<string, unknown>) => {
    unavailable = why;
    warned = true;
    logger?.warn({ tool, ...fields }, `${why}: no sleep assertion until the daemon restarts; the machine may sleep while the window is open`);
  };
  // hold/release run one at a time, so a release racing a hold can never leave two processes.
  let queue: Promise<unknown> = Promise.resolve();
  const serialize = <T>(step: () => Promise<T>): Promise<T> => {
    const next = queue.then(step);
    queue = next.catch(() => undefined);
    return next;
  };

  // The process is its own group leader (detached), so TERM to the group also reaches the
  // watcher shell that systemd-inhibit runs; systemd-inhibit does not forward signals to it.
  const signalGroup = (target: ChildProcess, signal: NodeJS.Signals) => {
    try {
      process.kill(-(target.pid as number), signal);
    } catch {
      // Already gone.
    }
  };
  const killOnExit = () => {
    if (child) signalGroup(child, 'SIGTERM');
  };

  async function start(reason: string): Promise<boolean> {
    if (child) return true;
    if (unavailable !== undefined || !tool || !path) {
      if (!warned) {
        logger?.warn({ tool, platform }, `${unavailable}: the machine may sleep while the window is open`);
        warned = true;
      }
      return false;
    }
    const args = tool === 'caffeinate' ? caffeinateArgs(pid) : systemdInhibitArgs(pid, reason, pollSeconds);
    const started = spawn(path, args, { detached: true, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    started.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-2_000);
    });
    try {
      await once(started, 'spawn');
    } catch (error) {
      giveUp(`${tool} could not be started (${(error as Error).message})`, { err: error });
      return false;
    }
    child = started;
    proc.on('exit', killOnExit);
    // 'close' rather than 'exit': by then stderr has been read, so the warning can quote it.
    started.once('close', (code, signal) => {
      if (child !== started) return;
      child = undefined;
      proc.off('exit', killOnExit);
      const fields = { code, signal, stderr: stderr.trim() };
      // Both tools exit 0 once the runner pid they watch is gone; non-zero is the tool refusing,
      // e.g. systemd-inhibit with no system bus ("Failed to connect to bus"), and would recur.
      if (code !== null && code !== 0) {
        giveUp(`${tool} failed (exit ${code}${fields.stderr ? `: ${fields.stderr.split('\n')[0]}` : ''})`, fields);
        return;
      }
      logger?.warn({ tool, ...fields }, `${tool} exited on its own: the sleep assertion is no longer held`);
    });
    logger?.info({ tool, pid: started.pid, reason }, 'sleep assertion held');
    return true;
  }

  async function stop(): Promise<void> {
    const target = child;
    if (!target) return;
    child = undefined;
    proc.off('exit', killOnExit);
    const exited = target.exitCode !== null || target.signalCode !== null ? Promise.resolve() : once(target, 'exit');
    signalGroup(target, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(target, 'SIGKILL'), killGraceMs);
    await exited;
    clearTimeout(timer);
    logger?.info({ tool }, 'sleep assertion released');
  }

  return {
    get held() {
      return child !== undefined;
    },
    get tool() {
      return unavailable === undefined ? tool : undefined;
    },
    hold: (reason) => serialize(() => start(reason)),
    release: () => serialize(stop),
  };
}
