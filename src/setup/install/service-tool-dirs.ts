import { dirname, isAbsolute } from 'node:path';
import type { RunnerConfig } from '../../config/index.js';
import { resolveAgent } from '../../runner/index.js';
import { configuredAgents } from '../doctor/check-agents.js';
import { verifyProgram } from '../doctor/check-verify-command.js';

export interface ToolDirs {
  /** Directories to put first on the service's PATH, in the order found. */
  dirs: string[];
  /** Configured agents whose binary was not found, with what to do. */
  missing: string[];
}

/**
 * Where the programs a night needs were found from this shell: every configured agent, `gh`, and
 * the verify command's program. The service starts with a bare PATH, so these go on its own.
 */
export function serviceToolDirs(config: RunnerConfig, findBin: (name: string) => string | undefined): ToolDirs {
  const found: string[] = [];
  const missing: string[] = [];
  for (const name of configuredAgents(config)) {
    try {
      found.push(resolveAgent(name, config.agents, { findBin }).bin);
    } catch (error) {
      missing.push((error as Error).message);
    }
  }
  const gh = findBin('gh');
  if (gh) found.push(gh);
  const program = config.verify.command === undefined ? undefined : verifyProgram(config.verify.command);
  // A relative program (./gradlew) lives in the worktree; a bare name is looked up like any tool.
  if (program !== undefined && !program.includes('/')) {
    const path = findBin(program);
    if (path) found.push(path);
  }
  const dirs = [...new Set(found.filter((path) => isAbsolute(path)).map((path) => dirname(path)))];
  return { dirs, missing };
}
