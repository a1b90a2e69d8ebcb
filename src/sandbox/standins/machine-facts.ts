import { z } from 'zod';

/**
 * What the constraint stand-ins (pmset, route, networksetup, ipconfig; see standin-queries.ts)
 * report, as if the sandbox were a Mac. Network kinds are the ways a Mac really ends up on a network:
 * `iphone-hotspot` is Wi-Fi to an iPhone (router 172.20.10.1), `iphone-usb` is USB tethering,
 * `android-hotspot` is Wi-Fi whose DHCP offer carries ANDROID_METERED.
 */
const powerSource = z.enum(['ac', 'battery']);
const percent = z.int().min(0).max(100);
const networkKind = z.enum(['wifi', 'ethernet', 'iphone-hotspot', 'iphone-usb', 'android-hotspot', 'none']);
const ssid = z.string().min(1);

export const machineFactsSchema = z.strictObject({
  power: z.strictObject({ source: powerSource.default('ac'), percent: percent.default(100) }).prefault({}),
  network: z.strictObject({ kind: networkKind.default('wifi'), ssid: ssid.default('SandboxNet') }).prefault({}),
});

export type MachineFacts = z.output<typeof machineFactsSchema>;

/** A change to some of the facts; what it leaves out stays as it was. */
export const machineFactsPatchSchema = z.strictObject({
  power: z.strictObject({ source: powerSource.optional(), percent: percent.optional() }).optional(),
  network: z.strictObject({ kind: networkKind.optional(), ssid: ssid.optional() }).optional(),
});

export type MachineFactsPatch = z.input<typeof machineFactsPatchSchema>;

export function applyFactsPatch(current: MachineFacts, patch: MachineFactsPatch): MachineFacts {
  return machineFactsSchema.parse({
    power: { ...current.power, ...patch.power },
    network: { ...current.network, ...patch.network },
  });
}
