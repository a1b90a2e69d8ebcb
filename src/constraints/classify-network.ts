import type { NetworkFacts, NetworkKind } from './types.js';

/** An iPhone's Personal Hotspot hands out 172.20.10.0/28 with itself at .1, over Wi-Fi, USB or Bluetooth. */
export const IPHONE_HOTSPOT_ROUTER = '172.20.10.1';
/**
 * Android's tethering put its Wi-Fi hotspot at 192.168.43.1 for years (newer versions pick a
 * random subnet, which the ANDROID_METERED DHCP option still gives away). Believed only over
 * Wi-Fi: on a wired link the address is more likely someone's router.
 */
export const ANDROID_HOTSPOT_ROUTER = '192.168.43.1';

/**
 * The kind of a macOS hardware port by its `networksetup` name. Phone tethering ports ("iPhone USB",
 * "Bluetooth PAN") are hotspots; modems are cellular. A name we cannot place is "other", which is
 * never assumed unmetered.
 */
export function kindOfDarwinPort(port: string | undefined, iface: string): NetworkKind {
  if (port === undefined) return /^(utun|ipsec|ppp|gif|stf)/.test(iface) ? 'other' : 'unknown';
  if (/iphone|ipad|android|bluetooth pan|phone/i.test(port)) return 'hotspot';
  if (/modem|wwan|cellular|bluetooth dun|\b(lte|5g|4g|3g)\b/i.test(port)) return 'cellular';
  if (/wi-?fi|airport/i.test(port)) return 'wifi';
  // USB Ethernet adapters sometimes show up under their chip's name ("AX88179A").
  if (/ethernet|\blan\b|thunderbolt|^AX88|^RTL81/i.test(port)) return 'ethernet';
  return 'other';
}

/** The kind of a Linux interface from sysfs: DEVTYPE, the wireless directory, the driver. */
export function kindOfLinuxDevice(device: {
  devtype: string | null;
  wireless: boolean;
  driver: string | null;
  hasDevice: boolean;
}): NetworkKind {
  if (device.devtype === 'wwan') return 'cellular';
  // ipheth: iPhone USB tethering; rndis_host: Android USB tethering; bnep: Bluetooth PAN.
  if (device.driver === 'ipheth' || device.driver === 'rndis_host' || device.devtype === 'bluetooth') return 'hotspot';
  if (device.wireless || device.devtype === 'wlan') return 'wifi';
  if (device.devtype === null && device.hasDevice) return 'ethernet';
  return 'other';
}

export interface ClassifyInput {
  interface: string;
  kind: NetworkKind;
  ssid: string | null;
  router: string | null;
  androidMetered: boolean;
  /** What the OS itself says (NetworkManager), null when it says nothing. */
  osMetered: boolean | null;
  denySsids: readonly string[];
}

/**
 * Wi-Fi and wired are unmetered unless something says otherwise: the router is an iPhone hotspot
 * (or, over Wi-Fi, Android's), the DHCP offer carries ANDROID_METERED, the SSID is denied, or the
 * OS marks it metered.
 * Cellular and hotspots are always metered. "other" is metered only if the OS knows.
 */
export function classifyNetwork(input: ClassifyInput): NetworkFacts {
  const base = { interface: input.interface, ssid: input.ssid };
  if (input.router === IPHONE_HOTSPOT_ROUTER) {
    return { ...base, kind: 'hotspot', metered: true, evidence: `router ${IPHONE_HOTSPOT_ROUTER} is an iPhone Personal Hotspot` };
  }
  if (input.router === ANDROID_HOTSPOT_ROUTER && input.kind === 'wifi') {
    return { ...base, kind: 'hotspot', metered: true, evidence: `router ${ANDROID_HOTSPOT_ROUTER} is an Android hotspot's address` };
  }
  if (input.androidMetered) {
    return { ...base, kind: 'hotspot', metered: true, evidence: 'the DHCP offer carries ANDROID_METERED (an Android hotspot)' };
  }
  if (input.kind === 'cellular' || input.kind === 'hotspot') return { ...base, kind: input.kind, metered: true };
  if (input.ssid !== null && input.denySsids.includes(input.ssid)) {
    return { ...base, kind: input.kind, metered: true, evidence: `SSID "${input.ssid}" is in constraints.denySsids` };
  }
  if (input.osMetered === true) {
    return { ...base, kind: input.kind, metered: true, evidence: 'NetworkManager marks it metered' };
  }
  if (input.kind === 'wifi' || input.kind === 'ethernet') return { ...base, kind: input.kind, metered: false };
  return { ...base, kind: input.kind, metered: input.osMetered };
}
