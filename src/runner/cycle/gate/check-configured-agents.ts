import type { RunnerConfig } from '../../../config/index.js';
import { agentProblem, type PreflightInput } from './preflight.js';

/** An agent the config names that cannot run on this machine; `path` is where the config names it. */
export interface AgentWarning {
  path: string;
  agent: string;
  message: string;
}

/**
 * The agents a night can choose without a label (`agents.default` and each `prefer` rule's), each
 * checked once: `validate` warns about a missing program before the first night finds it.
 */
export function checkConfiguredAgents(agents: RunnerConfig['agents'], resolveAgent?: PreflightInput['resolveAgent']): AgentWarning[] {
  const named: [path: string, agent: string][] = [
    ['agents.default', agents.default],
    ...agents.prefer.map((rule, index): [string, string] => [`agents.prefer.${index}.agent`, rule.agent]),
  ];
  const seen = new Set<string>();
  const warnings: AgentWarning[] = [];
  for (const [path, agent] of named) {
    if (seen.has(agent)) continue;
    seen.add(agent);
    const message = agentProblem(agent, agents, resolveAgent);
    if (message) warnings.push({ path, agent, message });
  }
  return warnings;
}
