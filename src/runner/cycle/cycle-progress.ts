import type { SessionRow } from '../store/rows.js';

/** What a cycle tells whoever watches it (`overnight once` on a terminal) while it works. */
export type CycleProgress =
  /** A goal was chosen and its session recorded: id, goal, agent, rationale, session log. */
  | { kind: 'session'; session: SessionRow }
  /** One line the agent printed, redacted, as it reached the session log. */
  | { kind: 'output'; line: string }
  /** The agent is done and `verify.command` starts. */
  | { kind: 'verify'; command: string };
