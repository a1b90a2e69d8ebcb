import { readFile, readdir, statfs } from 'node:fs/promises';
import { cpus } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { execa } from 'execa';
import { findExecutable } from '../platform/index.js';
import type { ConstraintDeps, ProbeExec } from './types.js';

/**
 * Runs a probe command. Never rejects: a missing command, a timeout or a crash become a result
 * with `failure` set, which the probes turn into an "unknown" fact.
 */
export function execWithEnv(env: NodeJS.ProcessEnv): ProbeExec {
  return async (file, args, { timeoutMs }) => {
    const command = findExecutable(file, { env });
    if (command === undefined) return { stdout: '', stderr: '', exitCode: undefined, failure: 'missing' };
    const result = await execa(command, args, {
      reject: false,
      timeout: timeoutMs,
      // Probes parse English words ("discharging", "no (guessed)"); nmcli and upower translate them.
      env: { ...env, LC_ALL: 'C', LANG: 'C' },
      extendEnv: false,
      stdin: 'ignore',
      // A probe that ignores SIGTERM at its timeout gets SIGKILL shortly after.
      forceKillAfterDelay: 200,
    });
    const base = { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), exitCode: result.exitCode };
    if (result.timedOut) return { ...base, failure: 'timeout' };
    // Removed between the lookup and the spawn.
    if ((result as { code?: string }).code === 'ENOENT') return { ...base, failure: 'missing' };
    if (result.exitCode === undefined) return { ...base, failure: 'error' };
    return base;
  };
}

/** The platform to probe: an explicit choice, else `OVERNIGHT_PLATFORM`, else this machine's. */
export function resolvePlatform(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  return explicit ?? (env.OVERNIGHT_PLATFORM || process.platform);
}

export function defaultDeps(overrides: Partial<ConstraintDeps> = {}): ConstraintDeps {
  const env = overrides.env ?? process.env;
  return {
    exec: overrides.exec ?? execWithEnv(env),
    readFile: overrides.readFile ?? ((path) => readFile(path, 'utf8')),
    readdir: overrides.readdir ?? ((path) => readdir(path)),
    statfs: overrides.statfs ?? ((path) => statfs(path)),
    cpuTimes: overrides.cpuTimes ?? (() => cpus().map((cpu) => cpu.times)),
    sleep: overrides.sleep ?? ((ms) => delay(ms)),
    now: overrides.now ?? (() => performance.now()),
    platform: resolvePlatform(overrides.platform, env),
    env,
  };
}
