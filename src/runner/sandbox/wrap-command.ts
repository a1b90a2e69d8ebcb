import { bwrapArgs } from './bwrap-args.js';
import { reaperGraceSeconds, SEATBELT_REAPER_SCRIPT } from './reaper-script.js';
import { seatbeltProfile } from './seatbelt-profile.js';
import type { SandboxPolicy, SandboxTool } from './types.js';

export interface WrapOptions {
  /** The grace the runner gives between SIGTERM and SIGKILL (the macOS reaper finishes within it). */
  graceMs?: number;
  /** The runner's pid, which the macOS reaper checks it cannot signal. */
  runnerPid?: number;
}

/** Ready for execa: `execa(bin, args, { cwd, env: { ...env, ...wrapped.env }, detached: true })`. */
export interface WrappedCommand {
  bin: string;
  args: string[];
  cwd: string;
  /**
   * HOME as the sandbox knows it (symlinks resolved: on Fedora Atomic /home is a link the sandbox
   * does not recreate), and TMPDIR and friends pointing at the private temp dir.
   */
  env: Record<string, string>;
}

/**
 * `argv` (an agent's argv, or `['/bin/sh', '-c', verifyCommand]`) run inside the sandbox tool found
 * by `detectSandbox`. The returned process must be spawned directly (never through a shell) and
 * in its own process group; it is the one `stopSandbox` stops.
 */
export function wrapCommand(
  policy: SandboxPolicy,
  sandbox: { tool: SandboxTool; path: string },
  argv: readonly string[],
  { graceMs = 10_000, runnerPid = process.pid }: WrapOptions = {},
): WrappedCommand {
  if (argv.length === 0) throw new Error('wrapCommand: no command to run');
  const env = { HOME: policy.home, TMPDIR: policy.tmpDir, TMP: policy.tmpDir, TEMP: policy.tmpDir };
  if (sandbox.tool === 'bwrap') {
    return { bin: sandbox.path, args: bwrapArgs(policy, argv), cwd: policy.workspace, env };
  }
  return {
    bin: sandbox.path,
    args: [
      '-p',
      seatbeltProfile(policy),
      '/bin/sh',
      '-c',
      SEATBELT_REAPER_SCRIPT,
      'overnight-sandbox',
      reaperGraceSeconds(graceMs),
      String(runnerPid),
      ...argv,
    ],
    cwd: policy.workspace,
    env,
  };
}
