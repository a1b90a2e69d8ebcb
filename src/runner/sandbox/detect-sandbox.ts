import { readFile as readFileAsync } from 'node:fs/promises';
import { findExecutable as findOnPath, runTool, USER_BIN_DIRS, type RunTool } from '../../platform/index.js';
import { explainBwrapFailure } from './explain-bwrap-failure.js';
import { bubblewrapInstallCommand } from './install-command.js';
import type { SandboxTool } from './types.js';

export type SandboxDetection =
  | { ok: true; tool: SandboxTool; path: string; version: string }
  | { ok: false; tool: SandboxTool | undefined; reason: string; fix: string };

export interface DetectSandboxOptions {
  platform?: string;
  /** Never rejects. */
  exec?: RunTool;
  readFile?: (path: string) => Promise<string>;
  findExecutable?: (name: string) => string | undefined;
  /** For the self-test run. */
  timeoutMs?: number;
}

/** The namespaces and mounts every sandboxed run uses, so a passing self-test means runs can start. */
export const BWRAP_PROBE_ARGS: readonly string[] = [
  '--die-with-parent',
  '--new-session',
  '--unshare-pid',
  '--unshare-ipc',
  '--unshare-uts',
  '--unshare-cgroup-try',
  '--cap-drop',
  'ALL',
  '--ro-bind',
  '/',
  '/',
  '--proc',
  '/proc',
  '--dev',
  '/dev',
  '--tmpfs',
  '/tmp',
  '--',
  'true',
];

export const SEATBELT_PROBE_PROFILE = '(version 1)(allow default)';

/**
 * Which sandbox this machine can run, proven by running it once: bubblewrap is often installed
 * yet unusable (Ubuntu's AppArmor userns restriction, containers), and `sandbox-exec` refuses to
 * start inside another sandbox. A failure says why and what to run.
 */
export async function detectSandbox({
  platform = process.platform,
  exec = runTool,
  readFile = (path) => readFileAsync(path, 'utf8'),
  findExecutable = (name) => findOnPath(name, { extraDirs: USER_BIN_DIRS }),
  timeoutMs = 5_000,
}: DetectSandboxOptions = {}): Promise<SandboxDetection> {
  const read = (path: string) => readFile(path).then((text) => text.trim(), () => undefined);
  if (platform === 'linux') {
    const path = findExecutable('bwrap');
    if (path === undefined) {
      const osRelease = (await read('/etc/os-release')) ?? (await read('/usr/lib/os-release'));
      return {
        ok: false,
        tool: 'bwrap',
        reason: 'bubblewrap (the `bwrap` command) is not installed; agents run inside it on Linux',
        fix: bubblewrapInstallCommand(osRelease),
      };
    }
    const probe = await exec(path, BWRAP_PROBE_ARGS, { timeoutMs });
    if (probe.failure !== undefined || probe.exitCode !== 0) {
      const facts = {
        apparmorRestrictUserns: await read('/proc/sys/kernel/apparmor_restrict_unprivileged_userns'),
        unprivilegedUsernsClone: await read('/proc/sys/kernel/unprivileged_userns_clone'),
        bwrapPath: path,
      };
      return { ok: false, tool: 'bwrap', ...explainBwrapFailure(probe, facts, timeoutMs) };
    }
    const version = await exec(path, ['--version'], { timeoutMs });
    return { ok: true, tool: 'bwrap', path, version: /(\d+\.\d+(\.\d+)?)/.exec(version.stdout)?.[1] ?? 'unknown' };
  }
  if (platform === 'darwin') {
    const path = findExecutable('/usr/bin/sandbox-exec') ?? findExecutable('sandbox-exec');
    if (path === undefined) {
      return {
        ok: false,
        tool: 'sandbox-exec',
        reason: '/usr/bin/sandbox-exec was not found; it ships with every macOS release',
        fix: 'check that /usr/bin/sandbox-exec exists and is executable (a damaged system install would need repair)',
      };
    }
    const probe = await exec(path, ['-p', SEATBELT_PROBE_PROFILE, '/usr/bin/true'], { timeoutMs });
    if (probe.failure !== undefined || probe.exitCode !== 0) {
      const said = probe.stderr.trim().split('\n')[0];
      return {
        ok: false,
        tool: 'sandbox-exec',
        reason: `sandbox-exec could not apply a profile${said ? ` (it said: "${said}")` : probe.failure === 'timeout' ? ` within ${timeoutMs} ms` : ''}`,
        fix: 'Seatbelt cannot be applied from inside another sandbox: start overnight from a normal terminal or its launchd agent, not from a sandboxed app',
      };
    }
    const version = await exec('sw_vers', ['-productVersion'], { timeoutMs });
    return { ok: true, tool: 'sandbox-exec', path, version: `macOS ${version.stdout.trim() || 'unknown'}` };
  }
  return {
    ok: false,
    tool: undefined,
    reason: `agents can only be sandboxed on macOS (Seatbelt) and Linux (bubblewrap), not on ${platform}`,
    fix: 'run the overnight runner on macOS or Linux',
  };
}
