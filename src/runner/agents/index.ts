// Coding agents: one adapter per kind, and the resolution of a configured agent name into the
// binary and argv to run.
export { resolveAgent, AgentResolveError, ADAPTERS } from './resolve-agent.js';
export type { ResolvedAgent, ResolveAgentOptions, ConfiguredPath } from './resolve-agent.js';
export type { AgentAdapter, AgentInput, AgentKind, AgentLaunch, RepairInput, RepairMode } from './types.js';
export { clipUtf8, utf8Bytes } from './clip-utf8.js';
export { PROMPT_ARG_MAX_BYTES } from './command.js';
export {
  createUsageMeter,
  sumUsage,
  tailCodexRollout,
  usageTrailerFields,
  type FinalUsage,
  type Pricing,
  type Usage,
  type UsageMeter,
  type UsageMeterOptions,
} from './usage/index.js';
