import { trackProcessTree, type ProcessTree, type ProcessTreeOptions } from './track-process-tree.js';
import type { SandboxTool } from './types.js';

export interface StopSandboxOptions extends ProcessTreeOptions {
  tool: SandboxTool;
  /** Between SIGTERM and SIGKILL; pass the same value given to `wrapCommand`. */
  graceMs: number;
  /** The tree tracked since the spawn (`trackProcessTree(pid)`); a fresh one sees only what is attached now. */
  tree?: ProcessTree;
}

/**
 * Ends a sandboxed run started from `wrapCommand` (`pid` is the spawned bwrap or sandbox-exec
 * process) and resolves true once none of its processes is left.
 *
 * - bwrap: every process inside gets SIGTERM, the outer bwrap process none (it would die at once
 *   and the namespace with it, leaving the agent no time to finish writing); after the grace
 *   the outer process gets SIGKILL, which kills the whole PID namespace.
 * - sandbox-exec: the reaper and the agent's tree get SIGTERM; the reaper relays it to every
 *   process of the sandbox and sends SIGKILL itself just before the grace ends; what is left of
 *   the tree then gets SIGKILL from here.
 */
export async function stopSandbox(pid: number, { tool, graceMs, tree, ...options }: StopSandboxOptions): Promise<boolean> {
  const tracked = tree ?? trackProcessTree(pid, options);
  try {
    const { gone } = await tracked.stop({ graceMs, spare: tool === 'bwrap' ? [pid] : [] });
    return gone;
  } finally {
    if (!tree) tracked.close();
  }
}
