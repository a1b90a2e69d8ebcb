import type { RunnerConfig } from '../../config/index.js';
import { childEnv, firstLine, resolveAgent } from '../../runner/index.js';
import type { RunTool } from '../../platform/index.js';
import { checkAgentCredentials, type CredentialDeps } from './agent-credentials.js';
import { fail, ok, type DoctorCheck } from './types.js';

export const VERSION_TIMEOUT_MS = 10_000;

export interface AgentCheckDeps extends CredentialDeps {
  findBin: (name: string) => string | undefined;
  run: RunTool;
  versionTimeoutMs?: number;
}

/** Every agent the config can pick: the default, each `prefer` rule's, each definition. */
export function configuredAgents(config: RunnerConfig): string[] {
  const { agents } = config;
  return [...new Set([agents.default, ...agents.prefer.map((rule) => rule.agent), ...Object.keys(agents.defs)])];
}

/** Per agent: its binary is found and answers `--version`, then whether it can sign in to its model. */
export async function checkAgents(config: RunnerConfig, deps: AgentCheckDeps): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const name of configuredAgents(config)) {
    const id = `agent:${name}`;
    let agent;
    try {
      agent = resolveAgent(name, config.agents, { findBin: deps.findBin });
    } catch (error) {
      checks.push(fail(id, (error as Error).message, `install it, or fix agents.defs.${name}`));
      continue;
    }
    if (agent.kind === 'command') {
      checks.push(ok(id, `${agent.bin} is installed`));
      continue;
    }
    const timeoutMs = deps.versionTimeoutMs ?? VERSION_TIMEOUT_MS;
    // The agent gets what a session gives it (never the GitHub token), even to print its version.
    const env = childEnv({ purpose: agent.kind, from: deps.env, passEnv: agent.passEnv, env: agent.env });
    const result = await deps.run(agent.bin, ['--version'], { env, timeoutMs });
    if (result.exitCode === 0) {
      checks.push(ok(id, `${firstLine(result.stdout) || 'installed'} (${agent.bin})`));
    } else {
      const why = result.failure === 'timeout' ? `did not answer within ${seconds(timeoutMs)}` : result.failure === 'missing' ? 'could not be started' : `exited ${result.exitCode}: ${firstLine(result.stderr) || firstLine(result.stdout)}`;
      checks.push(fail(id, `\`${agent.bin} --version\` ${why}`, 'reinstall the agent CLI, or point agents.defs.' + name + '.bin at a working one'));
      continue;
    }
    const login = await checkAgentCredentials(name, agent.kind, agent.env, deps);
    if (login) checks.push(login);
  }
  return checks;
}

const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);
