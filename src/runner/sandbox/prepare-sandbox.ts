import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_HOME_PATHS } from './home-paths.js';
import type { SandboxPolicy } from './types.js';

export interface PrepareSandboxOptions {
  mkdir?: (path: string, options: { recursive: true; mode: number }) => Promise<unknown>;
}

/**
 * Creates what must exist before the sandbox starts: the private temp dir, and the agent's state
 * directories (on a first run `~/.claude` does not exist yet, and inside the sandbox the home
 * directory is read-only, so the agent could not create it). Files such as `~/.claude.json` are
 * left to the agent: an empty one would not be valid state.
 */
export async function prepareSandbox(policy: SandboxPolicy, { mkdir: makeDir = mkdir }: PrepareSandboxOptions = {}): Promise<void> {
  await makeDir(policy.tmpDir, { recursive: true, mode: 0o700 });
  const writable = new Set(policy.write.map(({ path }) => path));
  for (const relative of AGENT_HOME_PATHS[policy.kind].dirs) {
    const path = join(policy.home, relative);
    // Dropped from the policy (inside the runner's own state, say): not ours to create.
    if (writable.has(path)) await makeDir(path, { recursive: true, mode: 0o700 });
  }
}
