import { mkdir, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SandboxConfig } from '../../config/index.js';
import type { ConfiguredPath } from '../agents/resolve-agent.js';
import type { AgentKind } from '../agents/types.js';
import { detectSandbox as defaultDetect, type SandboxDetection } from './detect-sandbox.js';
import { prepareSandbox } from './prepare-sandbox.js';
import { privateSystemFiles } from './private-system-files.js';
import { sandboxPolicy } from './sandbox-policy.js';
import { SandboxPolicyError, type SandboxPolicy, type SandboxTool } from './types.js';

/** What the runner knows about containment on this machine. */
export type SandboxStatus = { mode: 'off' } | { mode: 'required'; detection: SandboxDetection };

/** Everything `runAgent` needs to start a process inside the sandbox. */
export interface SandboxLaunch {
  policy: SandboxPolicy;
  tool: SandboxTool;
  path: string;
}


export interface RunSpec {
  /** The private temp dir's name under `<dataDir>/tmp`: the session id, or `<id>-verify`. */
  name: string;
  /** `command` for the verify command: no agent state. */
  kind: AgentKind;
  workspace: string;
  /** What the workspace's git needs to read (its object store). */
  sessionRead?: readonly string[];
  /** The agent definition's own additions, on top of `sandbox.allowRead`/`allowWrite`. */
  allowRead?: readonly ConfiguredPath[];
  allowWrite?: readonly ConfiguredPath[];
}

export interface PreparedRun {
  /** Private, empty, removed by `dispose`: the prompt file and TMPDIR live here. */
  tmpDir: string;
  /** Undefined when `sandbox.mode` is "off". */
  sandbox?: SandboxLaunch;
  /** Set under the definition's `env`: package caches that would otherwise try the read-only home. */
  defaultEnv: Record<string, string>;
  dispose(): Promise<void>;
}

export interface Containment {
  /** Detected once; a failed detection is tried again at the next call, so a fix needs no restart. */
  status(): Promise<SandboxStatus>;
  /** A fresh private temp dir and, unless the mode is "off", the policy for one run. */
  prepare(spec: RunSpec): Promise<PreparedRun>;
}

export interface ContainmentOptions {
  config: SandboxConfig;
  dataDir: string;
  /** Never readable besides the data dir: the config dir, where a stored token may live. */
  neverRead?: readonly string[];
  home?: string;
  detect?: () => Promise<SandboxDetection>;
  /** Files of the system's config dirs only the runner's user may read; found again at every run. */
  privateFiles?: () => readonly string[];
}

/**
 * The sandbox as the cycle uses it: one detection for the runner's life, one policy and one
 * private temp dir per run. A path the config asks for that would expose a secret is refused
 * with the config field that named it.
 */
export function createContainment({
  config,
  dataDir,
  neverRead = [],
  home = homedir(),
  detect = () => defaultDetect(),
  privateFiles = () => privateSystemFiles(),
}: ContainmentOptions): Containment {
  let detected: Promise<SandboxDetection> | undefined;
  let swept = false;
  const status = async (): Promise<SandboxStatus> => {
    if (config.mode === 'off') return { mode: 'off' };
    detected ??= detect();
    const detection = await detected;
    if (!detection.ok) detected = undefined;
    return { mode: 'required', detection };
  };

  return {
    status,
    async prepare(spec) {
      const tmpDir = join(dataDir, 'tmp', spec.name);
      // One runner per data dir (the lock), and this is its first run: whatever a crashed run left
      // in tmp/ belongs to nobody now. (Dry runs, which may run beside a daemon, never prepare.)
      if (!swept) {
        swept = true;
        await rm(join(dataDir, 'tmp'), { recursive: true, force: true });
      }
      await rm(tmpDir, { recursive: true, force: true });
      const dispose = () => rm(tmpDir, { recursive: true, force: true });
      const current = await status();
      if (current.mode === 'off') {
        await mkdir(tmpDir, { recursive: true, mode: 0o700 });
        return { tmpDir, defaultEnv: {}, dispose };
      }
      if (!current.detection.ok) {
        throw new Error(`sandbox.mode is "required" but no sandbox works here: ${current.detection.reason}; fix: ${current.detection.fix}`);
      }
      const allowRead = [...config.allowRead.map((path, i) => ({ path, field: `sandbox.allowRead[${i}]` })), ...(spec.allowRead ?? [])];
      const allowWrite = [...config.allowWrite.map((path, i) => ({ path, field: `sandbox.allowWrite[${i}]` })), ...(spec.allowWrite ?? [])];
      const policy = withConfigFields({ allowRead, allowWrite }, () =>
        sandboxPolicy({
          kind: spec.kind,
          workspace: spec.workspace,
          tmpDir,
          home,
          neverRead: [dataDir, ...neverRead, ...privateFiles()],
          sessionRead: spec.sessionRead ?? [],
          allowRead: allowRead.map(({ path }) => path),
          allowWrite: allowWrite.map(({ path }) => path),
          network: config.network,
        }),
      );
      await prepareSandbox(policy);
      const { tool, path } = current.detection;
      return { tmpDir, sandbox: { policy, tool, path }, defaultEnv: cacheEnv(tmpDir), dispose };
    },
  };
}

/**
 * Package managers write their caches under the home directory, which is read-only inside: point
 * them at the private temp dir (the read-only caches under home are still read by toolchains
 * that look there first).
 */
function cacheEnv(tmpDir: string): Record<string, string> {
  return {
    XDG_CACHE_HOME: join(tmpDir, 'cache'),
    npm_config_cache: join(tmpDir, 'npm-cache'),
    YARN_CACHE_FOLDER: join(tmpDir, 'yarn-cache'),
    PIP_CACHE_DIR: join(tmpDir, 'pip-cache'),
    GOCACHE: join(tmpDir, 'go-build'),
  };
}

/** Re-raises a policy refusal of `allowRead[3]` as the config field that listed that path. */
function withConfigFields<T>(lists: { allowRead: ConfiguredPath[]; allowWrite: ConfiguredPath[] }, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof SandboxPolicyError)) throw error;
    const match = /^(allowRead|allowWrite)\[(\d+)\]$/.exec(error.field);
    const configured = match ? lists[match[1] as 'allowRead' | 'allowWrite'][Number(match[2])] : undefined;
    if (!configured) throw error;
    throw new SandboxPolicyError(configured.field, error.message.slice(error.field.length + 2));
  }
}
