import { statSync } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';
import type { AgentKind } from '../agents/types.js';
import { AGENT_HOME_PATHS, SECRET_HOME_PATHS, SECRET_SYSTEM_PATHS, TOOLCHAIN_HOME_PATHS } from './home-paths.js';
import { isWithin } from './path-within.js';
import { realPathOf, type RealPath } from './real-path.js';
import { SandboxPolicyError, type DeniedPath, type ExposedPath, type NetworkMode, type SandboxPolicy } from './types.js';

export interface SandboxPolicyInput {
  kind: AgentKind;
  workspace: string;
  tmpDir: string;
  home: string;
  /** Extra read-only paths (`~/` allowed). */
  allowRead?: readonly string[];
  /** Extra writable paths (`~/` allowed). */
  allowWrite?: readonly string[];
  /** The runner's own state dir and config file: never readable, except the session dirs made inside them. */
  neverRead?: readonly string[];
  /**
   * Read-only paths the session's workspace needs (the git object store its `.git` points to).
   * Like the workspace, they may lie inside a `neverRead` dir; they must exist.
   */
  sessionRead?: readonly string[];
  network?: NetworkMode;
}

export interface SandboxPolicyOptions {
  /** Resolves symlinks; tests pass a fake. */
  realpath?: RealPath;
  /** What is at a path now; tests pass a fake. */
  fileType?: (path: string) => DeniedPath['type'];
}

interface Candidate extends ExposedPath {
  field: string;
  /** Given by the caller, so a conflict is an error; our own defaults just step aside. */
  explicit: boolean;
  /** A dir the runner made for this session, allowed inside its own never-readable state dir. */
  session: boolean;
}

/**
 * Decides what an agent of `kind` may read and write. Pure apart from resolving symlinks. Throws
 * `SandboxPolicyError` when the caller asks for something that would expose a never-readable path
 * (listing it, one of its parents, or something inside it), or for host-filtered networking.
 */
export function sandboxPolicy(
  input: SandboxPolicyInput,
  { realpath, fileType = fileTypeOf }: SandboxPolicyOptions = {},
): SandboxPolicy {
  if (input.network === 'allowlist') {
    throw new SandboxPolicyError(
      'network',
      '"allowlist" cannot be enforced: bubblewrap can only cut the network off entirely, and Seatbelt filters ' +
        'by IP address and port, never by host name (its only host values are "*" and "localhost"). Use "open".',
    );
  }
  const real = (field: string, path: string) => realPathOf(checkedPath(field, path, input.home), realpath);
  const home = real('home', input.home);
  if (home === '/') throw new SandboxPolicyError('home', 'the home directory cannot be /: everything would be inside it');
  const inHome = (relative: string) => realPathOf(join(home, relative), realpath);

  const runnerOwned = (input.neverRead ?? []).map((path, i) => real(`neverRead[${i}]`, path));
  const deny = unique([...SECRET_HOME_PATHS.map(inHome), ...SECRET_SYSTEM_PATHS, ...runnerOwned]);
  const workspace = real('workspace', input.workspace);
  const tmpDir = real('tmpDir', input.tmpDir);

  const agent = AGENT_HOME_PATHS[input.kind];
  const candidates: { write: Candidate[]; read: Candidate[] } = {
    write: [
      { field: 'workspace', path: workspace, optional: false, explicit: true, session: true },
      { field: 'tmpDir', path: tmpDir, optional: false, explicit: true, session: true },
      ...agent.write.map((rel) => ({ field: `~/${rel}`, path: inHome(rel), optional: true, explicit: false, session: false })),
      ...(input.allowWrite ?? []).map((path, i) => userPath(`allowWrite[${i}]`, real(`allowWrite[${i}]`, path))),
    ],
    read: [
      ...[...agent.read, ...TOOLCHAIN_HOME_PATHS].map((rel) => ({
        field: `~/${rel}`,
        path: inHome(rel),
        optional: true,
        explicit: false,
        session: false,
      })),
      ...(input.allowRead ?? []).map((path, i) => userPath(`allowRead[${i}]`, real(`allowRead[${i}]`, path))),
      ...(input.sessionRead ?? []).map((path, i) => ({
        field: `sessionRead[${i}]`,
        path: real(`sessionRead[${i}]`, path),
        optional: false,
        explicit: true,
        session: true,
      })),
    ],
  };

  const allowed = (candidate: Candidate) => {
    for (const secret of deny) {
      const exposesSecret = isWithin(secret, candidate.path);
      const insideSecret = isWithin(candidate.path, secret);
      if (!exposesSecret && !insideSecret) continue;
      if (!exposesSecret && candidate.session && runnerOwned.includes(secret)) continue;
      if (!candidate.explicit) return false;
      throw new SandboxPolicyError(
        candidate.field,
        exposesSecret && candidate.path !== secret
          ? `${candidate.path} contains ${secret}, which is never readable; list the paths inside it that the agent needs instead`
          : `${candidate.path} is ${candidate.path === secret ? '' : 'inside '}${secret}, which is never readable`,
      );
    }
    return true;
  };

  const write = dedupe(candidates.write.filter(allowed));
  const read = dedupe(candidates.read.filter(allowed)).filter(
    (entry) => !write.some((writable) => isWithin(entry.path, writable.path)),
  );
  const protect = unique(agent.protect.map(inHome)).filter((path) => write.some((entry) => isWithin(path, entry.path)));
  return {
    kind: input.kind,
    home,
    workspace,
    tmpDir,
    network: 'open',
    write,
    read,
    protect,
    deny: deny.map((path) => ({ path, type: fileType(path) })),
  };
}

function userPath(field: string, path: string): Candidate {
  return { field, path, optional: true, explicit: true, session: false };
}

/** Absolute after `~/` expansion, and free of characters no profile or argv should carry. */
function checkedPath(field: string, path: string, home: string): string {
  const expanded = path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
  if (!isAbsolute(expanded)) {
    throw new SandboxPolicyError(field, `expected an absolute path or one starting with ~/, got ${JSON.stringify(path)}`);
  }
  // Control characters would have to survive SBPL string syntax; no real project path has them.
  if (/[\u0000-\u001f\u007f]/.test(expanded)) {
    throw new SandboxPolicyError(field, `path ${JSON.stringify(path)} contains a control character`);
  }
  return normalize(expanded).replace(/(.)\/+$/, '$1');
}

function dedupe(entries: Candidate[]): ExposedPath[] {
  const seen = new Map<string, ExposedPath>();
  for (const { path, optional } of entries) {
    const known = seen.get(path);
    // Required wins: the workspace listed again in allowWrite must still fail loudly when missing.
    seen.set(path, { path, optional: (known?.optional ?? true) && optional });
  }
  return [...seen.values()];
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)];
}

function fileTypeOf(path: string): DeniedPath['type'] {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) return 'missing';
    return stat.isDirectory() ? 'directory' : 'file';
  } catch {
    // Unreachable for us means unreachable for the agent, which runs as the same user.
    return 'missing';
  }
}
