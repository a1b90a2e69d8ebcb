import { execa } from 'execa';

export interface GitOptions {
  cwd: string;
  /** Extra environment, e.g. the push credential (`GIT_CONFIG_*`): never in argv, so never in a log line. */
  env?: Record<string, string>;
  /** Resolve with the exit code instead of throwing when git fails. */
  allowFailure?: boolean;
  signal?: AbortSignal;
}

export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs `git <args>`; the one way the runner touches git, injected so stages can be tested alone. */
export type Git = (args: readonly string[], options: GitOptions) => Promise<GitResult>;

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (exit ${exitCode}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
    this.name = 'GitError';
  }
}

export interface CreateGitOptions {
  bin?: string;
  exec?: typeof execa;
}

/**
 * Settings every runner git command runs with. The worktrees share `.git` with the developer's
 * clone, which an agent can write to: no hook it plants there (`reference-transaction` runs even
 * for `update-ref` and `push`) and no fsmonitor command may run inside a runner git process, whose
 * environment can hold the push credential.
 */
export const SAFE_GIT_CONFIG = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false'] as const;

export function createGit({ bin = 'git', exec = execa }: CreateGitOptions = {}): Git {
  return async (args, { cwd, env = {}, allowFailure = false, signal }) => {
    const result = await exec(bin, [...SAFE_GIT_CONFIG, ...args], {
      cwd,
      // Never wait on a credential prompt at 3 a.m.; keep messages parseable.
      env: { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...env },
      reject: false,
      stripFinalNewline: false,
      ...(signal ? { cancelSignal: signal } : {}),
    });
    const out = { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), exitCode: result.exitCode ?? 1 };
    if (out.exitCode !== 0 && !allowFailure) throw new GitError(args, out.exitCode, out.stderr);
    return out;
  };
}

/** `git ... ` stdout without the trailing newline, for one-value commands like rev-parse. */
export async function gitValue(git: Git, args: readonly string[], options: GitOptions): Promise<string> {
  return (await git(args, options)).stdout.trim();
}
