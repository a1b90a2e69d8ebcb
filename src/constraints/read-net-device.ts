import type { ConstraintDeps } from './types.js';

/** What sysfs says about a Linux network interface. */
export interface NetDevice {
  /** DEVTYPE from `/sys/class/net/<if>/uevent` (wlan, wwan, bluetooth, bridge...), null if absent. */
  devtype: string | null;
  /** `/sys/class/net/<if>/wireless` or `phy80211` exists. */
  wireless: boolean;
  /** DRIVER from the backing device's uevent (ipheth, rndis_host, virtio_net...), null if virtual. */
  driver: string | null;
  /** Whether a physical (or paravirtual) device backs it; bridges and tunnels have none. */
  hasDevice: boolean;
}

const ROOT = '/sys/class/net';

export async function readNetDevice(
  name: string,
  deps: Pick<ConstraintDeps, 'readFile' | 'readdir'>,
): Promise<NetDevice | undefined> {
  const base = `${ROOT}/${name}`;
  const uevent = await deps.readFile(`${base}/uevent`).catch(() => undefined);
  if (uevent === undefined) return undefined;
  const entries = await deps.readdir(base).catch(() => [] as string[]);
  const deviceUevent = entries.includes('device')
    ? await deps.readFile(`${base}/device/uevent`).catch(() => '')
    : undefined;
  return {
    devtype: ueventValue(uevent, 'DEVTYPE'),
    wireless: entries.includes('wireless') || entries.includes('phy80211'),
    driver: deviceUevent === undefined ? null : ueventValue(deviceUevent, 'DRIVER'),
    hasDevice: deviceUevent !== undefined,
  };
}

function ueventValue(uevent: string, key: string): string | null {
  return new RegExp(`^${key}=(.*)$`, 'm').exec(uevent)?.[1]?.trim() ?? null;
}
