import { BUILTIN_AGENTS, type AgentDef, type AgentsConfig } from '../../config/index.js';
import { findExecutable, USER_BIN_DIRS, USER_BIN_SEARCH } from '../../platform/index.js';
import { aider } from './aider.js';
import { claudeCode } from './claude-code.js';
import { codex } from './codex.js';
import { command } from './command.js';
import type { AgentAdapter, AgentInput, AgentKind, AgentLaunch, RepairMode } from './types.js';
import type { Pricing } from './usage/index.js';

export const ADAPTERS: Record<AgentKind, AgentAdapter> = {
  'claude-code': claudeCode,
  codex,
  aider,
  command,
};

/** A path from the config, with the field that named it (for the sandbox's refusals). */
export interface ConfiguredPath {
  path: string;
  field: string;
}

export interface ResolvedAgent {
  name: string;
  kind: AgentKind;
  /** Absolute path of the binary. */
  bin: string;
  /** The definition's extra environment, over the allow-listed one (see child-env.ts). */
  env: Record<string, string>;
  /** Names of the runner's environment the definition lets through. */
  passEnv: string[];
  /** The definition's sandbox additions, each with the config field that named it. */
  sandbox: { allowRead: ConfiguredPath[]; allowWrite: ConfiguredPath[] };
  /** `agents.defs.<name>.pricing`: turns tokens into dollars where the agent prints none. */
  pricing?: Pricing;
  repairMode: RepairMode;
  launch(input: Omit<AgentInput, 'def'>): AgentLaunch;
  extractSummary(stdout: string, stderr: string): string | undefined;
}

export interface ResolveAgentOptions {
  findBin?: (name: string) => string | undefined;
}

/** A configured agent that cannot run; the message says what to do. */
export class AgentResolveError extends Error {
  override name = 'AgentResolveError';
}

export function resolveAgent(
  name: string,
  agents: AgentsConfig,
  { findBin = (bin) => findExecutable(bin, { extraDirs: USER_BIN_DIRS }) }: ResolveAgentOptions = {},
): ResolvedAgent {
  const def = definitionOf(name, agents);
  const adapter = ADAPTERS[def.kind];
  const program = def.bin ?? adapter.defaultBin ?? def.args?.[0];
  if (program === undefined) {
    throw new AgentResolveError(
      `agent "${name}": kind "command" needs a program; set agents.defs.${name}.bin, or make agents.defs.${name}.args[0] the program`,
    );
  }
  const bin = findBin(program);
  if (bin === undefined) {
    const where = program.includes('/') ? `binary \`${program}\` not found or not executable` : `binary \`${program}\` not found on ${USER_BIN_SEARCH}`;
    const install = def.bin === undefined && adapter.installHint ? `install it with ${adapter.installHint} or ` : '';
    const field = def.bin === undefined && adapter.defaultBin === undefined ? `args[0]` : 'bin';
    throw new AgentResolveError(`agent "${name}": ${where}; ${install}set agents.defs.${name}.${field}`);
  }
  return {
    name,
    kind: def.kind,
    bin,
    env: def.env ?? {},
    passEnv: def.passEnv ?? [],
    sandbox: {
      allowRead: (def.sandbox?.allowRead ?? []).map((path, i) => ({ path, field: `agents.defs.${name}.sandbox.allowRead[${i}]` })),
      allowWrite: (def.sandbox?.allowWrite ?? []).map((path, i) => ({ path, field: `agents.defs.${name}.sandbox.allowWrite[${i}]` })),
    },
    ...(def.pricing ? { pricing: def.pricing } : {}),
    repairMode: adapter.repairMode,
    launch: (input) => adapter.buildLaunch({ ...input, def }),
    extractSummary: (stdout, stderr) => adapter.extractSummary(stdout, stderr),
  };
}

function definitionOf(name: string, agents: AgentsConfig): AgentDef {
  const def = agents.defs[name];
  if (def) return def;
  if ((BUILTIN_AGENTS as readonly string[]).includes(name)) return { kind: name as AgentKind };
  const known = [...BUILTIN_AGENTS, ...Object.keys(agents.defs)].join(', ');
  throw new AgentResolveError(`agent "${name}" is not defined in agents.defs and is not a built-in (known: ${known})`);
}
