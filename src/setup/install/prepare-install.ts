import { homedir, userInfo } from 'node:os';
import { logDirFor, type RunnerConfig } from '../../config/index.js';
import { findExecutable, USER_BIN_DIRS } from '../../platform/index.js';
import { planService, temporaryReason, type ServiceOptions, type ServicePlan } from '../../runner/index.js';
import { checkServiceToken, type ServiceTokenOptions } from './service-token.js';
import { serviceToolDirs } from './service-tool-dirs.js';

export interface PrepareInstallOptions extends Pick<ServiceOptions, 'platform' | 'env' | 'home' | 'uid' | 'nodePath' | 'binPath'> {
  findBin?: (name: string) => string | undefined;
  findToken?: ServiceTokenOptions['findToken'];
  tmpdir?: string;
  /** This package's version, for the install command shown when the CLI runs from a temporary place. */
  version?: string;
}

export type InstallReadiness =
  | { ok: true; plan: ServicePlan; tokenSource: string; warnings: string[] }
  | { ok: false; problem: string; fix: string };

/**
 * Everything `overnight install` decides before it writes a file: the service's paths must outlive
 * this shell (never npx's cache or a temp dir), its PATH holds the tools found here, and in the
 * environment it will really get, the daemon must find the GitHub token.
 */
export async function prepareInstall(config: RunnerConfig, configFile: string, options: PrepareInstallOptions = {}): Promise<InstallReadiness> {
  const env = options.env ?? process.env;
  const home = options.home ?? homedir();
  const platform = options.platform ?? process.platform;
  const findBin = options.findBin ?? ((name: string) => findExecutable(name, { env, extraDirs: USER_BIN_DIRS, home }));
  const tools = serviceToolDirs(config, findBin);
  const plan = planService(configFile, { ...options, env, home, platform, toolDirs: tools.dirs, logDir: logDirFor(config, { env, home, platform }) });

  for (const [what, path] of [['overnight', plan.binPath], ['node', plan.nodePath]] as const) {
    const reason = temporaryReason(path, { env, ...(options.tmpdir ? { tmpdir: options.tmpdir } : {}) });
    if (reason === undefined) continue;
    const tarball = `overnight-${options.version ?? '<version>'}.tgz`;
    return {
      ok: false,
      problem: `${what} runs from ${reason} (${path}), which will not be there for the login agent`,
      fix: what === 'overnight'
        ? `install the CLI first (in a checkout of overnight: \`npm pack\`, then \`npm install -g ./${tarball}\`), then run \`overnight install\` with that installed overnight`
        : 'run overnight install with a node that is installed for good (Homebrew, nvm, the nodejs.org installer)',
    };
  }

  const token = await checkServiceToken(config, { serviceEnv: serviceEnvironment(plan, home, platform, env), configFile, ...(options.findToken ? { findToken: options.findToken } : {}) });
  if (!token.ok) return { ok: false, problem: token.problem, fix: token.fix };
  const warnings = tools.missing.map((message) => `${message} (the login agent looks on ${plan.environment.PATH})`);
  return { ok: true, plan, tokenSource: token.source, warnings };
}

/**
 * The environment the daemon will see: what the plan writes, plus what launchd and systemd add
 * (HOME, USER) and, for a systemd user unit, the session bus the user manager shares with its
 * services (the Secret Service is reached through it).
 */
export function serviceEnvironment(plan: ServicePlan, home: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const session = platform === 'linux' ? pick(env, ['DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR']) : {};
  return { ...session, ...plan.environment, HOME: home, USER: env.USER ?? userInfo().username };
}

function pick(env: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (env[name] ? [[name, env[name] as string]] : [])));
}
