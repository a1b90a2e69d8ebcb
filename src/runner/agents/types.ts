import type { AgentDef } from '../../config/index.js';

export type AgentKind = AgentDef['kind'];

/** What every adapter needs to build one run's command line. */
export interface AgentInput {
  /** The whole prompt (see prompt.ts); never an argument of a built-in agent, whose CLI reads it from stdin or a file. */
  prompt: string;
  /** The same prompt in a file in the session's private temp dir, which the agent can read inside the sandbox. */
  promptFile: string;
  /** The session's worktree; the agent also runs with it as cwd. */
  workdir: string;
  /** The session id, e.g. "20261128-0107-a1b2c3". */
  session: string;
  /** Whether overnight's sandbox contains the run: an agent's own sandbox cannot nest inside it. */
  sandboxed: boolean;
  /** A repair round after a failed verify: what goes back to the agent (see repair-prompt.ts). */
  repair?: RepairInput;
  /** Claude Code's `--max-budget-usd`: what is left of the session's (or the night's) dollars. */
  maxBudgetUsd?: number;
  def: AgentDef;
}

export interface RepairInput {
  /** The message of this round, written for the adapter's `repairMode` (the goal included when the agent cannot resume). */
  text: string;
  /** The same text in a file in the run's private temp dir. */
  file: string;
  /** The agent's own session (Claude) or thread (Codex) id from the round before, to resume it. */
  resumeId?: string;
}

/**
 * How a kind gets a verify failure back: `resume` continues its own session when it printed an id
 * (otherwise it starts afresh with the goal and the failure); `message` runs again with the goal
 * and the failure as its message; `placeholders` runs the same argv again with `{feedback}` and
 * `{feedbackFile}` filled, the goal still in `{prompt}`.
 */
export type RepairMode = 'resume' | 'message' | 'placeholders';

/** How to start one run: the arguments after the binary, and what goes to stdin (none: /dev/null). */
export interface AgentLaunch {
  args: string[];
  stdin?: string;
}

export interface AgentAdapter {
  kind: AgentKind;
  /** Binary looked up when the definition sets no `bin`; undefined when there is no sensible one. */
  defaultBin: string | undefined;
  /** How to install the default binary, for the not-found error. */
  installHint: string | undefined;
  repairMode: RepairMode;
  buildLaunch(input: AgentInput): AgentLaunch;
  /** The agent's own account of what it did, from its (redacted) output tails. */
  extractSummary(stdout: string, stderr: string): string | undefined;
}
