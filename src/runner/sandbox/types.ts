import type { AgentKind } from '../agents/types.js';

/** The command that contains an agent: bubblewrap on Linux, Seatbelt's `sandbox-exec` on macOS. */
export type SandboxTool = 'bwrap' | 'sandbox-exec';

/**
 * `open`: any host and port (agents need their model API). `allowlist` is accepted as a config
 * value so the refusal can say why it cannot be honoured (see sandbox-policy.ts).
 */
export type NetworkMode = 'open' | 'allowlist';

/** One path the sandbox exposes, already absolute and with symlinks resolved. */
export interface ExposedPath {
  path: string;
  /**
   * Skipped when missing at launch instead of failing it: toolchains and agent state that a
   * given machine may not have. The workspace and the private temp dir are never optional.
   */
  optional: boolean;
}

/** What the agent may touch, decided once and rendered by `bwrapArgs` or `seatbeltProfile`. */
export interface SandboxPolicy {
  kind: AgentKind;
  home: string;
  /** The agent's cwd; writable. */
  workspace: string;
  /** Private temp dir, exported as TMPDIR; writable. */
  tmpDir: string;
  network: 'open';
  /** Readable and writable, workspace and tmpDir included. */
  write: ExposedPath[];
  /** Readable only (none of them inside a `write` path). */
  read: ExposedPath[];
  /**
   * Inside a `write` path yet kept read-only: agent config that runs commands the next time the
   * developer starts that agent outside the sandbox (hooks, MCP servers), which a hostile agent
   * would otherwise plant there.
   */
  protect: string[];
  /** Never readable: credential stores under home, and the runner's own state and config. */
  deny: DeniedPath[];
}

/** A never-readable path and what it was at launch: bubblewrap hides a directory and a file differently. */
export interface DeniedPath {
  path: string;
  type: 'directory' | 'file' | 'missing';
}

/** A policy the caller asked for that would break a rule; `field` names the offending input. */
export class SandboxPolicyError extends Error {
  override name = 'SandboxPolicyError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
