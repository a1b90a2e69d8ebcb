import { access, constants, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BUILTIN_AGENTS, type RunnerConfig } from '../../../config/index.js';
import { resolveAgent as defaultResolveAgent, type ResolvedAgent } from '../../agents/index.js';
import type { Git } from '../../git/git.js';
import { preflightRepo } from './preflight-repo.js';

export interface PreflightInput {
  config: Pick<RunnerConfig, 'repo' | 'agents' | 'stateDir'>;
  git: Git;
  /** Where session workspaces are made (under the data dir). */
  workspaceRoot: string;
  /** `overnight once --agent`; otherwise `agents.default` is checked. */
  agent?: string | undefined;
  token?: string | undefined;
  resolveAgent?: (name: string, agents: RunnerConfig['agents']) => ResolvedAgent;
  remoteTimeoutMs?: number;
  /** False in a dry run: the root is not made, only the folder it would be made in is checked. */
  createWorkspaceRoot?: boolean;
}

/** Every problem found, each naming the config field to change; none when a session can start. */
export interface Preflight {
  ok: boolean;
  problems: string[];
}

/**
 * What every session needs and no goal can fix: the agent's program, a workspace root the runner
 * can write, the clone, its remote (asked with the runner's credential) and the base branch on it.
 * Checked before a goal is chosen, so a broken machine is a runner problem the cycle records as
 * an error, never a failed attempt charged to a goal.
 */
export async function preflight(input: PreflightInput): Promise<Preflight> {
  const { config } = input;
  const [repo, workspace, agent] = await Promise.all([
    preflightRepo({ repo: config.repo, git: input.git, token: input.token, ...(input.remoteTimeoutMs ? { timeoutMs: input.remoteTimeoutMs } : {}) }),
    preflightWorkspaceRoot(input.workspaceRoot, { stateDirSet: config.stateDir !== undefined, create: input.createWorkspaceRoot ?? true }),
    Promise.resolve(agentProblem(input.agent ?? config.agents.default, config.agents, input.resolveAgent)),
  ]);
  const problems = [repo, workspace, agent].filter((problem): problem is string => problem !== undefined);
  return { ok: problems.length === 0, problems };
}

/** Why the agent named `name` cannot run here (its message says what to install or set), or undefined. */
export function agentProblem(
  name: string,
  agents: RunnerConfig['agents'],
  resolveAgent: PreflightInput['resolveAgent'] = defaultResolveAgent,
): string | undefined {
  try {
    resolveAgent(name, agents);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** `--agent NAME` that names no agent: a usage error, said before anything runs. */
export function unknownAgent(name: string, agents: RunnerConfig['agents']): string | undefined {
  const known = [...BUILTIN_AGENTS, ...Object.keys(agents.defs)];
  if (known.includes(name)) return undefined;
  return `--agent ${name}: not defined in agents.defs and not a built-in (known: ${[...new Set(known)].join(', ')})`;
}

const FS_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ENOTDIR: 'a file is in the way',
  EEXIST: 'a file is in the way',
};

/**
 * Creates the workspace root if needed and writes (then removes) a file in it; without `create`,
 * checks that the root, or the nearest folder above it that exists, may be written.
 */
export async function preflightWorkspaceRoot(root: string, { stateDirSet, create }: { stateDirSet: boolean; create: boolean }): Promise<string | undefined> {
  const probe = join(root, `.overnight-write-check-${process.pid}`);
  try {
    if (create) {
      await mkdir(root, { recursive: true });
      await writeFile(probe, '');
      await rm(probe, { force: true });
    } else {
      await access(await nearestExisting(root), constants.W_OK);
    }
    return undefined;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const why = (code && FS_REASONS[code]) ?? message;
    return `cannot create session workspaces in ${root}: ${why}; ${stateDirSet ? 'change' : 'set'} stateDir to a folder you can write`;
  }
}

async function nearestExisting(path: string): Promise<string> {
  for (let current = path; ; current = dirname(current)) {
    const found = await stat(current).then((info) => info, () => undefined);
    if (found) {
      if (!found.isDirectory()) throw Object.assign(new Error(`${current} is not a folder`), { code: 'ENOTDIR' });
      return current;
    }
    if (dirname(current) === current) return current;
  }
}
