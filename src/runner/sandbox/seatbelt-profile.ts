import { ancestorsOf, isWithin } from './path-within.js';
import { SEATBELT_BASE_RULES, SEATBELT_OPEN_NETWORK_RULES } from './seatbelt-base.js';
import type { SandboxPolicy } from './types.js';

/** An SBPL string literal. Control characters never get here: the policy refuses such paths. */
export function sbplString(text: string): string {
  return `"${text.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

const subpaths = (paths: readonly string[]) => paths.map((path) => `  (subpath ${sbplString(path)})`);

function rule(action: 'allow' | 'deny', operations: string, paths: readonly string[]): string[] {
  return paths.length === 0 ? [] : [`(${action} ${operations}`, ...subpaths(paths), ')'];
}

/**
 * The Seatbelt (SBPL) profile for `policy`, for `sandbox-exec -p`. Starts from `(deny default)`;
 * when several rules match an operation the last one wins, so the order below is the policy:
 * system and allowed paths, then the read-only overrides inside writable state, then the
 * never-readable paths, then the session dirs the runner made inside its own denied state dir.
 */
export function seatbeltProfile(policy: SandboxPolicy): string {
  const write = policy.write.map(({ path }) => path);
  const deny = policy.deny.map(({ path }) => path);
  const insideDeny = (path: string) => deny.some((denied) => isWithin(path, denied));
  const carveOuts = [policy.workspace, policy.tmpDir].filter(insideDeny);
  // Only session paths (the workspace's object store) can be readable inside a denied dir.
  const readCarveOuts = policy.read.map(({ path }) => path).filter(insideDeny);
  // The deny above also hides the directories leading to them from stat; realpath needs those.
  const carveOutParents = [...new Set([...carveOuts, ...readCarveOuts].flatMap(ancestorsOf))].filter(insideDeny);
  return [
    ...SEATBELT_BASE_RULES,
    '',
    '; Readable: toolchains, the agent binary, allowRead.',
    ...rule('allow', 'file-read*', policy.read.map(({ path }) => path)),
    '; Writable: the workspace, the private temp dir, the agent state, allowWrite.',
    ...rule('allow', 'file-read* file-write*', write),
    ...write.flatMap((path) => [
      `(allow network-bind (local unix-socket (subpath ${sbplString(path)})))`,
      `(allow network-outbound (remote unix-socket (subpath ${sbplString(path)})))`,
    ]),
    '; Agent config that would run commands outside the sandbox later: read-only.',
    ...rule('deny', 'file-write*', policy.protect),
    '; Never readable.',
    ...rule('deny', 'file-read* file-write*', deny),
    '; Session dirs inside the runner state dir.',
    ...rule('allow', 'file-read* file-write*', carveOuts),
    ...rule('allow', 'file-read*', readCarveOuts),
    ...(carveOutParents.length === 0
      ? []
      : ['(allow file-read-metadata', ...carveOutParents.map((path) => `  (literal ${sbplString(path)})`), ')']),
    '',
    '; Network: open.',
    ...SEATBELT_OPEN_NETWORK_RULES,
    '',
  ].join('\n');
}
