import type { PowerFacts, Reading } from './types.js';
import { unknownVerdict, type UnknownPolicy, type Verdict } from './verdict.js';

const SOURCE_WORDS = { ac: 'AC power', battery: 'battery', ups: 'UPS power', unknown: 'an unknown source' } as const;

/** "battery (83%, discharging)", "AC power (100%, charged)", "AC power" for a desktop or a VM. */
export function describePower(power: PowerFacts): string {
  const details = [power.percent === null ? undefined : `${power.percent}%`, power.state].filter(Boolean);
  return `${SOURCE_WORDS[power.source]}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}

/** `pluggedIn`: only AC power passes. A UPS is a battery for this purpose: the wall is out. */
export function checkPluggedIn(power: Reading<PowerFacts>, policy: UnknownPolicy): Verdict {
  if (!power.known) return unknownVerdict('power source', power.why, policy);
  if (power.value.source === 'unknown') return unknownVerdict('power source', 'unrecognised power source', policy);
  const seen = describePower(power.value);
  if (power.value.source === 'ac') return { ok: true, reason: `on ${seen}`, seen };
  return { ok: false, reason: `on ${seen}: pluggedIn requires AC power`, seen };
}
