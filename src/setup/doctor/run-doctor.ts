import { access, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { Octokit } from '@octokit/rest';
import type { ConfigResult, RunnerConfig } from '../../config/index.js';
import type { ChecksReport } from '../../constraints/index.js';
import { findExecutable, USER_BIN_DIRS, runTool, type RunTool } from '../../platform/index.js';
import { findToken as defaultFindToken, type FoundToken, type TokenMode, credentialEnv as defaultCredentialEnv, webHostOf } from '../../runner/index.js';
import { createSetupGit, type SetupGit } from '../setup-git.js';
import { checkAgents } from './check-agents.js';
import { checkBaseBranch } from './check-base-branch.js';
import { checkBot } from './check-bot.js';
import { checkConfig } from './check-config.js';
import { checkConstraintsNow, checkLoginAgent, checkSandbox, type LoginAgentFacts, type SandboxFacts } from './check-facts.js';
import { checkGithubAccess } from './check-github.js';
import { checkGitRepository, checkRemote } from './check-repo.js';
import { checkVerifyCommand } from './check-verify-command.js';
import { toReport } from './format-doctor.js';
import { fail, ok, type DoctorCheck, type DoctorReport } from './types.js';

export interface DoctorDeps {
  /** The config file's `loadRunnerConfig` result. */
  loaded: ConfigResult<RunnerConfig>;
  configFile: string;
  git?: SetupGit;
  findToken?: (mode: TokenMode, host: string) => Promise<FoundToken>;
  /** The runner's git credential for a remote URL: `credentialEnv` from push-credential. */
  credentialEnv?: (remoteUrl: string, token: string | undefined) => Record<string, string>;
  findBin?: (name: string) => string | undefined;
  run?: RunTool;
  env?: NodeJS.ProcessEnv;
  home?: string;
  platform?: NodeJS.Platform;
  exists?: (path: string) => Promise<boolean>;
  readFile?: (path: string) => Promise<string>;
  /** Facts other parts own; a check is left out when its fact source is not given. */
  sandbox?: () => Promise<SandboxFacts>;
  constraints?: (config: RunnerConfig) => Promise<ChecksReport>;
  loginAgent?: () => Promise<LoginAgentFacts>;
  githubTimeoutMs?: number;
  lsRemoteTimeoutMs?: number;
  versionTimeoutMs?: number;
  timeZone?: string;
}

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * Every check between "config written" and "a real first night", as data. A failed step leaves
 * out the checks that depend on it (no GitHub calls without a token), so each failure is the
 * thing to fix first rather than a cascade.
 */
export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const env = deps.env ?? process.env;
  const findBin = deps.findBin ?? ((name: string) => findExecutable(name, { env, extraDirs: USER_BIN_DIRS }));
  const run = deps.run ?? runTool;
  const checks: DoctorCheck[] = [checkConfig(deps.loaded, deps.configFile)];
  if (deps.loaded.ok) checks.push(...(await configuredChecks(deps.loaded.config, deps, env, findBin, run)));
  if (deps.sandbox) checks.push(checkSandbox(await deps.sandbox()));
  if (deps.loaded.ok && deps.constraints) checks.push(checkConstraintsNow(await deps.constraints(deps.loaded.config)));
  if (deps.loginAgent) checks.push(checkLoginAgent(await deps.loginAgent()));
  return toReport(checks);
}

async function configuredChecks(
  config: RunnerConfig,
  deps: DoctorDeps,
  env: NodeJS.ProcessEnv,
  findBin: (name: string) => string | undefined,
  run: RunTool,
): Promise<DoctorCheck[]> {
  const git = deps.git ?? createSetupGit({ env });
  const checks: DoctorCheck[] = [];
  const mode = config.github.token as TokenMode;
  const token = await (deps.findToken ?? ((m, host) => defaultFindToken({ mode: m, env, host })))(mode, webHostOf(config.github.apiUrl));

  const repository = await checkGitRepository(git, config.repo.path);
  checks.push(repository);
  if (repository.status !== 'fail') {
    const remote = await checkRemote(git, config);
    checks.push(remote.check);
    if (remote.url !== undefined) {
      const credential = (deps.credentialEnv ?? defaultCredentialEnv)(remote.url, token.ok ? token.token : undefined);
      checks.push(await checkBaseBranch(git, config, credential, deps.lsRemoteTimeoutMs));
    }
  }

  if (token.ok) {
    checks.push(ok('token', `found in ${token.source} (github.token is "${mode}")`));
    const timeoutMs = deps.githubTimeoutMs ?? 15_000;
    const octokit = new Octokit({ auth: token.token, baseUrl: config.github.apiUrl.replace(/\/+$/, ''), userAgent: 'overnight-doctor', log: quiet });
    const github = await checkGithubAccess({ octokit, config, tokenSource: token.source, timeoutMs, ...(deps.timeZone ? { timeZone: deps.timeZone } : {}) });
    checks.push(...github.checks);
    if (github.repository) checks.push(await checkBot(octokit, config, timeoutMs));
  } else {
    checks.push(fail('token', token.reason, token.fix));
  }

  checks.push(
    ...(await checkAgents(config, {
      findBin,
      run,
      env,
      home: deps.home ?? homedir(),
      platform: deps.platform ?? process.platform,
      exists: deps.exists ?? ((path) => access(path).then(() => true, () => false)),
      readFile: deps.readFile ?? ((path) => readFile(path, 'utf8')),
      keychainHas: async (service) => {
        const security = findBin('security');
        return security !== undefined && (await run(security, ['find-generic-password', '-s', service], { env, timeoutMs: 5_000 })).exitCode === 0;
      },
      ...(deps.versionTimeoutMs ? { versionTimeoutMs: deps.versionTimeoutMs } : {}),
    })),
  );
  checks.push(checkVerifyCommand(config, findBin));
  return checks;
}
