import type { MachineFacts } from './machine-facts.js';

/** What the stand-ins' answers are rendered from: the facts, spelled out down to interfaces and addresses. */
export interface StandinFacts {
  power: MachineFacts['power'];
  network: {
    kind: MachineFacts['network']['kind'];
    ssid: string;
    /** The default route's interface, null when there is no default route. */
    interface: string | null;
    router: string;
    address: string;
    androidMetered: boolean;
  };
  /** `networksetup -listallhardwareports`, in order. Names as real Macs show them. */
  ports: Array<{ port: string; device: string; mac: string }>;
}

/** The Mac's hardware ports: the same whatever the facts, so the stand-ins know every device up front. */
export const STANDIN_PORTS: StandinFacts['ports'] = [
  { port: 'Wi-Fi', device: 'en0', mac: '8c:85:90:90:6d:26' },
  { port: 'iPhone USB', device: 'en5', mac: '3a:89:2c:52:71:a1' },
  { port: 'USB 10/100/1000 LAN', device: 'en7', mac: 'a0:ce:c8:12:34:56' },
  { port: 'Thunderbolt 1', device: 'en1', mac: '82:f1:30:25:50:01' },
  { port: 'Thunderbolt Bridge', device: 'bridge0', mac: '82:f1:30:25:50:01' },
];

// An iPhone's Personal Hotspot is 172.20.10.0/28 with the phone at .1; Android's classic one 192.168.43.0/24.
const NETWORKS = {
  wifi: { interface: 'en0', router: '192.168.1.1', address: '192.168.1.23', androidMetered: false },
  ethernet: { interface: 'en7', router: '192.168.1.1', address: '192.168.1.24', androidMetered: false },
  'iphone-hotspot': { interface: 'en0', router: '172.20.10.1', address: '172.20.10.2', androidMetered: false },
  'iphone-usb': { interface: 'en5', router: '172.20.10.1', address: '172.20.10.3', androidMetered: false },
  'android-hotspot': { interface: 'en0', router: '192.168.43.1', address: '192.168.43.57', androidMetered: true },
  none: { interface: null, router: '192.168.1.1', address: '192.168.1.23', androidMetered: false },
} as const satisfies Record<MachineFacts['network']['kind'], Omit<StandinFacts['network'], 'kind' | 'ssid'>>;

export function standinFacts(facts: MachineFacts): StandinFacts {
  return {
    power: facts.power,
    network: { kind: facts.network.kind, ssid: facts.network.ssid, ...NETWORKS[facts.network.kind] },
    ports: STANDIN_PORTS,
  };
}
