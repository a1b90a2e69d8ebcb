import { mkdir as fsMkdir, rm as fsRm, writeFile as fsWriteFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { platformPaths } from '../../config/index.js';
import { USER_BIN_DIRS } from '../../platform/index.js';
import { LAUNCHD_LABEL, renderLaunchdPlist, type ServiceSpec } from './launchd.js';
import { renderSystemdUnit, SYSTEMD_UNIT } from './systemd.js';
import { temporaryReason } from './install-location.js';

export type CommandExec = (file: string, args: string[]) => Promise<{ exitCode: number; stdout: string; stderr: string }>;

export interface ServiceOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  home?: string;
  uid?: number;
  /** The node binary and this package's bin script, run by the service manager. */
  nodePath?: string;
  binPath?: string;
  /** Where the agents, `gh` and the verify command were found: first on the service's PATH. */
  toolDirs?: readonly string[];
  /** Where the service's stdout and stderr go: next to `current.log` (default: the platform log dir). */
  logDir?: string;
  exec?: CommandExec;
  writeFile?: (path: string, text: string) => Promise<void>;
  mkdir?: (path: string) => Promise<void>;
  rm?: (path: string) => Promise<void>;
}

/** Everything install does, so `--print` can show it and install can carry it out. */
export interface ServicePlan {
  manager: 'launchd' | 'systemd';
  file: string;
  contents: string;
  logDir: string;
  /** The node binary and the `overnight` script the service runs. */
  nodePath: string;
  binPath: string;
  /** Everything in the service's environment that overnight sets (launchd and systemd add HOME and USER). */
  environment: Record<string, string>;
  /** Commands that (re)load the service; failures of `optional` ones are expected (not loaded yet). */
  load: Array<{ argv: string[]; optional?: boolean }>;
  unload: Array<{ argv: string[]; optional?: boolean }>;
  /** Run once the file is gone. */
  afterRemove: Array<{ argv: string[]; optional?: boolean }>;
}

// launchd and systemd start services with a bare PATH; agent CLIs live in Homebrew and ~/.local/bin.
const SYSTEM_BIN_DIRS = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'];
const DEFAULT_BIN = fileURLToPath(new URL('../../../bin/overnight.js', import.meta.url));
/**
 * An idle daemon allocates little, so V8's default 16 MB young-generation semi-spaces are mostly
 * empty pages: a 1 MB semi-space takes ~12 MB off its RSS (npm run bench) at no measurable CPU cost.
 */
export const DAEMON_NODE_FLAGS = ['--max-semi-space-size=1'] as const;
const CARRIED_ENV = ['OVERNIGHT_HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME'] as const;

export function planService(configFile: string, options: ServiceOptions = {}): ServicePlan {
  const { platform = process.platform, env = process.env, home = homedir(), uid = userInfo().uid } = options;
  const logDir = options.logDir ?? platformPaths({ platform, env, home }).logDir;
  const nodePath = options.nodePath ?? process.execPath;
  const binPath = options.binPath ?? DEFAULT_BIN;
  const userDirs = USER_BIN_DIRS.map((dir) => (dir.startsWith('~/') ? join(home, dir.slice(2)) : dir));
  // The shell's PATH without what will be gone (npx's cache, temp dirs, a project's node_modules/.bin).
  const shellDirs = (env.PATH ?? '').split(delimiter).filter((dir) => isAbsolute(dir) && temporaryReason(dir, { env }) === undefined);
  // node's own directory: agent CLIs such as claude and codex are `#!/usr/bin/env node` scripts.
  const path = [...new Set([dirname(nodePath), ...(options.toolDirs ?? []), ...shellDirs, ...userDirs, ...SYSTEM_BIN_DIRS])].join(delimiter);
  // The directories the installing shell used, so the service reads the same config dir and token file.
  const carried = Object.fromEntries(CARRIED_ENV.flatMap((name) => (env[name] ? [[name, env[name] as string]] : [])));
  const environment = { PATH: path, ...carried };
  const spec: ServiceSpec = {
    programArguments: [nodePath, ...DAEMON_NODE_FLAGS, binPath, 'run', '--config', resolve(configFile)],
    stdoutPath: join(logDir, 'service.out.log'),
    stderrPath: join(logDir, 'service.err.log'),
    environment,
    workingDirectory: home,
  };
  const common = { logDir, nodePath, binPath, environment };
  if (platform === 'darwin') {
    const file = join(home, 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`);
    const domain = `gui/${uid}`;
    return {
      manager: 'launchd',
      file,
      contents: renderLaunchdPlist(spec),
      ...common,
      load: [
        { argv: ['launchctl', 'bootout', `${domain}/${LAUNCHD_LABEL}`], optional: true },
        { argv: ['launchctl', 'bootstrap', domain, file] },
      ],
      unload: [{ argv: ['launchctl', 'bootout', `${domain}/${LAUNCHD_LABEL}`], optional: true }],
      afterRemove: [],
    };
  }
  if (platform === 'linux') {
    const configHome = env.XDG_CONFIG_HOME || join(home, '.config');
    const systemctl = (...args: string[]) => ['systemctl', '--user', ...args];
    return {
      manager: 'systemd',
      file: join(configHome, 'systemd', 'user', SYSTEMD_UNIT),
      contents: renderSystemdUnit(spec),
      ...common,
      // restart (not only enable --now) so that re-installing picks up a changed unit.
      load: [{ argv: systemctl('daemon-reload') }, { argv: systemctl('enable', SYSTEMD_UNIT) }, { argv: systemctl('restart', SYSTEMD_UNIT) }],
      unload: [{ argv: systemctl('disable', '--now', SYSTEMD_UNIT), optional: true }],
      afterRemove: [{ argv: systemctl('daemon-reload') }],
    };
  }
  throw new Error(`overnight install supports macOS (launchd) and Linux (systemd user units), not ${platform}`);
}

const defaultExec: CommandExec = async (file, args) => {
  const result = await execa(file, args, { reject: false });
  return { exitCode: result.exitCode ?? 1, stdout: String(result.stdout), stderr: String(result.stderr) };
};

export async function installService(plan: ServicePlan, options: ServiceOptions = {}): Promise<void> {
  const { writeFile = (p, t) => fsWriteFile(p, t), mkdir = (p) => fsMkdir(p, { recursive: true }).then(() => undefined) } = options;
  // launchd does not create the directories of StandardOutPath; the agent would fail to start.
  await mkdir(plan.logDir);
  await mkdir(dirname(plan.file));
  await writeFile(plan.file, plan.contents);
  await runAll(plan.load, options.exec ?? defaultExec);
}

export async function uninstallService(plan: ServicePlan, options: ServiceOptions = {}): Promise<void> {
  const exec = options.exec ?? defaultExec;
  await runAll(plan.unload, exec);
  await (options.rm ?? ((p) => fsRm(p, { force: true })))(plan.file);
  await runAll(plan.afterRemove, exec);
}

async function runAll(commands: ServicePlan['load'], exec: CommandExec): Promise<void> {
  for (const { argv, optional } of commands) {
    const [file, ...args] = argv as [string, ...string[]];
    const result = await exec(file, args);
    if (result.exitCode !== 0 && !optional) {
      throw new Error(`\`${argv.join(' ')}\` failed (exit ${result.exitCode}): ${(result.stderr || result.stdout).trim()}`);
    }
  }
}
