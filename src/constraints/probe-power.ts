import { parsePmsetBatt } from './parse/parse-pmset-batt.js';
import { parseUpower } from './parse/parse-upower.js';
import { powerFromSupplies, readPowerSupplies } from './read-power-supply.js';
import { runProbe } from './run-probe.js';
import type { ConstraintDeps, PowerFacts, Reading } from './types.js';

/** Where the machine's power comes from: `pmset -g batt` on macOS, sysfs then upower on Linux. */
export async function probePower(deps: ConstraintDeps, timeoutMs: number): Promise<Reading<PowerFacts>> {
  if (deps.platform === 'darwin') {
    const output = await runProbe(deps.exec, 'pmset', ['-g', 'batt'], timeoutMs);
    if (!output.known) return output;
    const facts = parsePmsetBatt(output.value);
    return facts ? { known: true, value: facts } : { known: false, why: 'pmset -g batt: unrecognised output' };
  }
  if (deps.platform === 'linux') {
    const supplies = await readPowerSupplies(deps);
    if (supplies.known) {
      const facts = powerFromSupplies(supplies.value);
      if (facts) return { known: true, value: facts };
    }
    const output = await runProbe(deps.exec, 'upower', ['-d'], timeoutMs);
    const sysfsWhy = supplies.known ? '/sys/class/power_supply: no adapter online and no battery state' : supplies.why;
    if (!output.known) return { known: false, why: `${sysfsWhy}; ${output.why}` };
    const facts = parseUpower(output.value);
    return facts ? { known: true, value: facts } : { known: false, why: `${sysfsWhy}; upower -d: no power source reported` };
  }
  return { known: false, why: `no power probe for platform "${deps.platform}"` };
}
