import type { ConstraintDeps, PowerFacts, Reading } from './types.js';

const ROOT = '/sys/class/power_supply';

/** One `/sys/class/power_supply/<name>` entry, as far as power source detection cares. */
export interface PowerSupply {
  name: string;
  type: string;
  online: boolean | null;
  status: string | null;
  capacity: number | null;
  /** "Device" for a mouse or headset battery, which says nothing about the machine's power. */
  scope: string | null;
}

/**
 * Decides the power source from sysfs supplies: any Mains/USB supply online means AC; otherwise a
 * system battery that is discharging means battery. No supplies at all is a server or VM, which
 * counts as AC; supplies of unknown types are not "none". Returns undefined when the supplies do
 * not settle it (the caller then asks upower).
 */
export function powerFromSupplies(supplies: PowerSupply[]): PowerFacts | undefined {
  const batteries = supplies.filter((supply) => supply.type === 'Battery' && supply.scope !== 'Device');
  const adapters = supplies.filter((supply) => supply.type === 'Mains' || supply.type.startsWith('USB'));
  const battery = batteries[0];
  const percent = battery?.capacity ?? null;
  const state = battery?.status?.toLowerCase() ?? undefined;
  const charging = state === undefined ? null : state === 'charging';
  const withState = state === undefined ? {} : { state };
  if (adapters.some((adapter) => adapter.online === true)) return { source: 'ac', percent, charging, ...withState };
  // A mouse or headset battery is not the machine's: a desktop with one is still a desktop.
  if (supplies.every((supply) => supply.scope === 'Device')) return { source: 'ac', percent: null, charging: null };
  if (state === 'discharging') return { source: 'battery', percent, charging, ...withState };
  if (state === 'charging' || state === 'full' || state === 'not charging') {
    return { source: 'ac', percent, charging, ...withState };
  }
  if (adapters.length > 0 && adapters.every((adapter) => adapter.online === false) && batteries.length > 0) {
    return { source: 'battery', percent, charging, ...withState };
  }
  return undefined;
}

/**
 * Reads every supply under /sys/class/power_supply from its `uevent` (one read per supply:
 * POWER_SUPPLY_TYPE, _ONLINE, _STATUS, _CAPACITY, _SCOPE, _PRESENT). Kernels whose uevent lacks
 * the type get it from the `type` attribute. A missing directory means no supplies.
 */
export async function readPowerSupplies(deps: Pick<ConstraintDeps, 'readFile' | 'readdir'>): Promise<Reading<PowerSupply[]>> {
  let names: string[];
  try {
    names = await deps.readdir(ROOT);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { known: true, value: [] };
    return { known: false, why: `${ROOT}: ${(error as Error).message}` };
  }
  const supplies = await Promise.all(
    names.map(async (name): Promise<PowerSupply | undefined> => {
      const uevent = await deps.readFile(`${ROOT}/${name}/uevent`).catch(() => '');
      const field = (key: string) => new RegExp(`^POWER_SUPPLY_${key}=(.*)$`, 'm').exec(uevent)?.[1]?.trim();
      if (field('PRESENT') === '0') return undefined;
      const type = field('TYPE') ?? (await deps.readFile(`${ROOT}/${name}/type`).catch(() => 'Unknown')).trim();
      const online = field('ONLINE');
      const capacity = field('CAPACITY');
      return {
        name,
        type,
        online: online === undefined ? null : online === '1',
        status: field('STATUS') ?? null,
        capacity: capacity === undefined || !/^\d+$/.test(capacity) ? null : Number(capacity),
        scope: field('SCOPE') ?? null,
      };
    }),
  );
  return { known: true, value: supplies.filter((supply): supply is PowerSupply => supply !== undefined) };
}
