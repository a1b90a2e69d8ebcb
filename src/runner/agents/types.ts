import type { AgentDef } from '../../config/index.js';

export type AgentKind = AgentDef['kind'];

/** What every adapter needs to build one run's argv. */
export interface AgentInput {
  /** The whole prompt (see prompt.ts), passed as a single argument: no shell ever sees it. */
  prompt: string;
  /** The session's worktree; the agent also runs with it as cwd. */
  workdir: string;
  /** The session id, e.g. "20261128-0107-a1b2c3". */
  session: string;
  def: AgentDef;
}

export interface AgentAdapter {
  kind: AgentKind;
  /** Binary looked up when the definition sets no `bin`; undefined when there is no sensible one. */
  defaultBin: string | undefined;
  /** How to install the default binary, for the not-found error. */
  installHint: string | undefined;
  /** Arguments after the binary. */
  buildArgv(input: AgentInput): string[];
  /** The agent's own account of what it did, from its (redacted) output tails. */
  extractSummary(stdout: string, stderr: string): string | undefined;
}
