import { execa } from 'execa';
import { credentialArgs, type GitCredential } from './push-credential.js';
import { hardenedGitEnv } from './hardened-env.js';

export interface GitOptions {
  /** Where git runs; defaults to the work tree, else the git dir. Never used to discover a repository when `gitDir` is set. */
  cwd?: string;
  /**
   * The repository, explicitly: every runner command on a workspace names the runner's own git dir,
   * so the `.git` the agent owns inside the workspace is never read.
   */
  gitDir?: string;
  workTree?: string;
  /** The runner repository, for a session git dir that holds only its HEAD and index. */
  commonDir?: string;
  /** Extra environment (an identity for commit-tree). Never a credential. */
  env?: Record<string, string>;
  /** The token for this one command (a fetch or a push), handed over on an inherited socket. */
  credential?: GitCredential;
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
  /** The runner-owned file git reads as its global config (the identity, nothing else); none when unset. */
  globalConfig?: string;
  /** The environment git starts from (the runner's); only what git needs for the network is kept. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Settings on every runner git command, given with `-c` so they win over any file. An agent can
 * write files git would otherwise obey: the hooks or fsmonitor of a `.git` it reached, `~/.gitconfig`
 * (an `insteadOf` to `ext::` runs a command), `~/.config/git/ignore` (hides files from the commit).
 * Hooks go to /dev/null, which can hold none, rather than to an empty directory someone could fill.
 * No filter, textconv or diff driver is defined in any config the runner reads, so a
 * `.gitattributes` naming one runs nothing. `credential.helper=` empties the helper list, so only
 * the runner's own (push-credential.ts) ever answers.
 */
export const HARDENED_CONFIG: readonly string[] = [
  'core.hooksPath=/dev/null',
  'core.fsmonitor=false',
  'core.excludesFile=/dev/null',
  'core.attributesFile=/dev/null',
  // A protocol's own setting beats protocol.allow wherever it is set, so the dangerous ones are named too.
  'protocol.allow=never',
  'protocol.https.allow=always',
  'protocol.ssh.allow=always',
  'protocol.file.allow=always',
  'protocol.ext.allow=never',
  'protocol.fd.allow=never',
  'protocol.git.allow=never',
  'protocol.http.allow=never',
  'credential.helper=',
  'commit.gpgSign=false',
  // A background `gc --auto` would outlive the command that started it, in a repository the runner may be removing.
  'gc.autoDetach=false',
];

export function createGit({ bin = 'git', exec = execa, globalConfig, env: from = process.env }: CreateGitOptions = {}): Git {
  const baseEnv = hardenedGitEnv(from, globalConfig);
  return async (args, { cwd, gitDir, workTree, commonDir, env = {}, credential, allowFailure = false, signal }) => {
    const handover = credential ? credentialArgs(credential) : undefined;
    const argv = [
      ...HARDENED_CONFIG.flatMap((setting) => ['-c', setting]),
      ...(handover?.args ?? []),
      ...(gitDir ? [`--git-dir=${gitDir}`] : []),
      ...(workTree ? [`--work-tree=${workTree}`] : []),
      ...args,
    ];
    const result = await exec(bin, argv, {
      cwd: cwd ?? workTree ?? gitDir ?? process.cwd(),
      env: { ...baseEnv, ...(commonDir ? { GIT_COMMON_DIR: commonDir } : {}), ...env },
      extendEnv: false,
      reject: false,
      stripFinalNewline: false,
      // fd 3 carries the token when there is one (push-credential.ts).
      stdio: handover ? ['ignore', 'pipe', 'pipe', handover.input] : ['ignore', 'pipe', 'pipe'],
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
