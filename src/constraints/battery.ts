import { describePower } from './power.js';
import type { PowerFacts, Reading } from './types.js';
import { unknownVerdict, type UnknownPolicy, type Verdict } from './verdict.js';

/** `minBatteryPercent`: on battery (or UPS), the charge must be at least the minimum; on AC it always passes. */
export function checkBattery(power: Reading<PowerFacts>, minPercent: number | undefined, policy: UnknownPolicy): Verdict {
  if (!power.known) return unknownVerdict('battery charge', power.why, policy);
  const seen = describePower(power.value);
  if (minPercent === undefined) return { ok: true, reason: `on ${seen}; no minBatteryPercent set`, seen };
  if (power.value.source === 'ac') return { ok: true, reason: `on ${seen}: minBatteryPercent applies only on battery`, seen };
  if (power.value.source === 'unknown') return unknownVerdict('power source', 'unrecognised power source', policy);
  if (power.value.percent === null) return unknownVerdict('battery charge', `on ${seen} with no charge reported`, policy);
  if (power.value.percent >= minPercent) {
    return { ok: true, reason: `on ${seen}: at least minBatteryPercent ${minPercent}%`, seen };
  }
  return { ok: false, reason: `on ${seen}: minBatteryPercent requires ${minPercent}%`, seen };
}
