import type { ConstraintDeps, CpuTimes, Reading } from './types.js';
import { unknownVerdict, type UnknownPolicy, type Verdict } from './verdict.js';

/**
 * The busy share of all CPUs over `sampleMs`: two snapshots of the cumulative per-CPU times
 * (`os.cpus()`, which reads /proc/stat on Linux and host_processor_info on macOS).
 */
export async function sampleCpuPercent(
  deps: Pick<ConstraintDeps, 'cpuTimes' | 'sleep'>,
  sampleMs: number,
): Promise<Reading<number>> {
  const before = total(deps.cpuTimes());
  await deps.sleep(sampleMs);
  const after = total(deps.cpuTimes());
  const elapsed = after.all - before.all;
  if (elapsed <= 0) return { known: false, why: `no CPU time elapsed over ${sampleMs} ms` };
  return { known: true, value: (100 * (elapsed - (after.idle - before.idle))) / elapsed };
}

function total(cpus: CpuTimes[]): { all: number; idle: number } {
  return cpus.reduce(
    (sum, cpu) => ({ all: sum.all + cpu.user + cpu.nice + cpu.sys + cpu.idle + cpu.irq, idle: sum.idle + cpu.idle }),
    { all: 0, idle: 0 },
  );
}

/** `maxCpuPercent`: the machine must be at most this busy. */
export function checkCpu(busy: Reading<number>, maxPercent: number | undefined, policy: UnknownPolicy): Verdict {
  if (!busy.known) return unknownVerdict('CPU load', busy.why, policy);
  const seen = `CPU ${Math.round(busy.value)}% busy`;
  if (maxPercent === undefined) return { ok: true, reason: `${seen}; no maxCpuPercent set`, seen };
  if (busy.value <= maxPercent) return { ok: true, reason: `${seen}: within maxCpuPercent ${maxPercent}%`, seen };
  return { ok: false, reason: `${seen}: maxCpuPercent allows ${maxPercent}%`, seen };
}
