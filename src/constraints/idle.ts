import { parseIoregIdle } from './parse/parse-ioreg-idle.js';
import { runProbe } from './run-probe.js';
import type { ConstraintDeps, Reading } from './types.js';
import { unknownVerdict, type UnknownPolicy, type Verdict } from './verdict.js';

/** Milliseconds since the last keyboard or pointer input: `ioreg` on macOS, `xprintidle` on Linux (X11). */
export async function probeIdleMs(deps: ConstraintDeps, timeoutMs: number): Promise<Reading<number>> {
  if (deps.platform === 'darwin') {
    const output = await runProbe(deps.exec, 'ioreg', ['-c', 'IOHIDSystem'], timeoutMs);
    if (!output.known) return output;
    const idle = parseIoregIdle(output.value);
    return idle === undefined ? { known: false, why: 'ioreg -c IOHIDSystem: no HIDIdleTime' } : { known: true, value: idle };
  }
  if (deps.platform === 'linux') {
    const output = await runProbe(deps.exec, 'xprintidle', [], timeoutMs);
    if (!output.known) return output;
    const idle = Number(output.value.trim());
    return Number.isFinite(idle) && output.value.trim() !== ''
      ? { known: true, value: idle }
      : { known: false, why: 'xprintidle: unrecognised output' };
  }
  return { known: false, why: `no idle-time probe for platform "${deps.platform}"` };
}

/** `userIdleMinutes`: nobody has touched the machine for at least this long. */
export function checkIdle(idleMs: Reading<number>, minMinutes: number | undefined, policy: UnknownPolicy): Verdict {
  if (!idleMs.known) return unknownVerdict('user idle time', idleMs.why, policy);
  const minutes = idleMs.value / 60_000;
  const seen = `idle ${minutes.toFixed(1)} min`;
  if (minMinutes === undefined) return { ok: true, reason: `${seen}; no userIdleMinutes set`, seen };
  if (minutes >= minMinutes) return { ok: true, reason: `${seen}: at least userIdleMinutes ${minMinutes}`, seen };
  return { ok: false, reason: `${seen}: userIdleMinutes requires ${minMinutes} min`, seen };
}
