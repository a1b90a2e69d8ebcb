import { access } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { RunnerConfig } from '../../config/index.js';
import { LAUNCHD_LABEL, SYSTEMD_UNIT, type CommandExec, type ServicePlan } from '../../runner/index.js';
import type { LoginAgentFacts } from '../doctor/check-facts.js';
import { checkServiceToken, type ServiceTokenOptions } from './service-token.js';

export interface LoginAgentOptions {
  exec: CommandExec;
  exists?: (path: string) => Promise<boolean>;
  uid?: number;
  /** With a config: whether the service, in its own environment, can read the token. */
  config?: RunnerConfig;
  token?: Omit<ServiceTokenOptions, 'configFile'> & { configFile: string };
}

/** What doctor says about the login agent: installed, running (asked of launchd or systemd), able to read the token. */
export async function loginAgentFacts(plan: ServicePlan, options: LoginAgentOptions): Promise<LoginAgentFacts> {
  const exists = options.exists ?? ((path: string) => access(path).then(() => true, () => false));
  const base = { manager: plan.manager, file: plan.file };
  if (!(await exists(plan.file))) return { ...base, installed: false, running: false };
  const running = await isRunning(plan.manager, options.exec, options.uid ?? userInfo().uid);
  if (!options.config || !options.token) return { ...base, installed: true, running };
  const token = await checkServiceToken(options.config, options.token);
  return { ...base, installed: true, running, tokenReadable: token.ok, ...(token.ok ? {} : { tokenProblem: `${token.problem} (${token.fix})` }) };
}

async function isRunning(manager: ServicePlan['manager'], exec: CommandExec, uid: number): Promise<boolean> {
  if (manager === 'launchd') {
    const result = await exec('launchctl', ['print', `gui/${uid}/${LAUNCHD_LABEL}`]).catch(() => undefined);
    return result?.exitCode === 0 && /^\s*state = running$/m.test(result.stdout);
  }
  const result = await exec('systemctl', ['--user', 'is-active', SYSTEMD_UNIT]).catch(() => undefined);
  return result?.exitCode === 0 && result.stdout.trim() === 'active';
}
