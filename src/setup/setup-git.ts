import { runTool, type ToolResult } from '../platform/index.js';

export interface SetupGitOptions {
  cwd: string;
  /** Added to the environment, e.g. the runner's push credential for `ls-remote`. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Runs `git <args>`; never rejects. Injected so init and doctor can be tested against stand-ins. */
export type SetupGit = (args: readonly string[], options: SetupGitOptions) => Promise<ToolResult>;

const DEFAULT_TIMEOUT_MS = 15_000;

export function createSetupGit({ bin = 'git', env = process.env }: { bin?: string; env?: NodeJS.ProcessEnv } = {}): SetupGit {
  return (args, options) =>
    runTool(bin, args, {
      cwd: options.cwd,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      // No credential prompt may block a check; C locale keeps messages matchable.
      env: { ...env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...options.env },
    });
}

/** stdout of a successful run, trimmed; undefined when git failed. */
export function gitOutput(result: ToolResult): string | undefined {
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}
