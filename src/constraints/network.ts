import type { NetworkFacts, Reading } from './types.js';
import { unknownVerdict, type UnknownPolicy, type Verdict } from './verdict.js';

const KIND_WORDS = {
  wifi: 'Wi-Fi',
  ethernet: 'wired Ethernet',
  cellular: 'cellular',
  hotspot: 'a phone hotspot',
  other: 'an unrecognised link',
  none: 'no network',
  unknown: 'an unknown link',
} as const;

/** `Wi-Fi "Home" via en0`, `a phone hotspot via en0 (router 172.20.10.1 is an iPhone Personal Hotspot)`. */
export function describeNetwork(network: NetworkFacts): string {
  if (network.kind === 'none') return 'no default route';
  const ssid = network.ssid === null ? '' : ` "${network.ssid}"`;
  const evidence = network.evidence ? ` (${network.evidence})` : '';
  return `${KIND_WORDS[network.kind]}${ssid} via ${network.interface ?? '?'}${evidence}`;
}

/**
 * `wifiOnly`: the default route must go through an unmetered network. No default route fails
 * whatever the unknown policy says: there is certainly no unmetered network to use.
 */
export function checkWifiOnly(network: Reading<NetworkFacts>, policy: UnknownPolicy): Verdict {
  if (!network.known) return unknownVerdict('network', network.why, policy);
  const seen = describeNetwork(network.value);
  if (network.value.kind === 'none') return { ok: false, reason: 'no default route: wifiOnly requires an unmetered network', seen };
  if (network.value.metered === true) {
    return { ok: false, reason: `on ${seen}, which is metered: wifiOnly requires Wi-Fi or wired`, seen };
  }
  if (network.value.metered === false) return { ok: true, reason: `on ${seen}, unmetered`, seen };
  return unknownVerdict('whether the network is metered', `on ${seen}`, policy);
}
