// Coding agents: one adapter per kind, and the resolution of a configured agent name into the
// binary and argv to run.
export { resolveAgent, AgentResolveError, ADAPTERS } from './resolve-agent.js';
export type { ResolvedAgent, ResolveAgentOptions } from './resolve-agent.js';
export type { AgentAdapter, AgentInput, AgentKind } from './types.js';
