import type { ConstraintDeps, Reading } from './types.js';
import { unknownVerdict, type UnknownPolicy, type Verdict } from './verdict.js';

/** Decimal gigabytes, as Finder and disk vendors count them. */
const GB = 1e9;

/** Bytes available to this user on the filesystem holding `path` (statfs `bavail * bsize`). */
export async function probeFreeBytes(deps: Pick<ConstraintDeps, 'statfs'>, path: string): Promise<Reading<number>> {
  try {
    const stats = await deps.statfs(path);
    return { known: true, value: stats.bavail * stats.bsize };
  } catch (error) {
    return { known: false, why: `statfs ${path}: ${(error as Error).message}` };
  }
}

/** `minFreeDiskGb`: the repository's disk has at least this much free space. */
export function checkDisk(free: Reading<number>, path: string, minGb: number | undefined, policy: UnknownPolicy): Verdict {
  if (!free.known) return unknownVerdict('free disk space', free.why, policy);
  const gb = free.value / GB;
  const seen = `${gb.toFixed(1)} GB free at ${path}`;
  if (minGb === undefined) return { ok: true, reason: `${seen}; no minFreeDiskGb set`, seen };
  if (gb >= minGb) return { ok: true, reason: `${seen}: at least minFreeDiskGb ${minGb}`, seen };
  return { ok: false, reason: `${seen}: minFreeDiskGb requires ${minGb} GB`, seen };
}
