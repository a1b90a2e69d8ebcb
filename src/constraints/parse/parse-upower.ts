import type { PowerFacts } from '../types.js';

/**
 * Reads `upower -d` (the Linux fallback when sysfs does not settle the question). Devices are
 * blocks starting "Device: /org/freedesktop/UPower/devices/<name>"; the daemon block carries
 * `on-battery: yes|no`. Without a daemon block, a line-power device's `online:` decides.
 * The battery block (`battery` sub-section) gives `state:` and `percentage:`.
 * Returns undefined when neither the daemon nor a line-power device says where power comes from.
 */
export function parseUpower(output: string): PowerFacts | undefined {
  const blocks = output.split(/\n(?=\S)/);
  const onBattery = /^\s*on-battery:\s*(yes|no)/m.exec(output)?.[1];
  const linePower = blocks.find((block) => /^\s*line-power\s*$/m.test(block));
  const online = linePower ? /^\s*online:\s*(yes|no)/m.exec(linePower)?.[1] : undefined;
  const battery = blocks.find((block) => /^\s*battery\s*$/m.test(block) && /power supply:\s*yes/.test(block));
  const state = battery ? /^\s*state:\s*(\S+)/m.exec(battery)?.[1] : undefined;
  const percent = battery ? /^\s*percentage:\s*(\d+(?:\.\d+)?)%/m.exec(battery)?.[1] : undefined;

  let source: PowerFacts['source'];
  if (onBattery !== undefined) source = onBattery === 'yes' ? 'battery' : 'ac';
  else if (online !== undefined) source = online === 'yes' ? 'ac' : 'battery';
  else if (state === 'discharging') source = 'battery';
  else if (state === 'charging' || state === 'fully-charged' || state === 'pending-charge') source = 'ac';
  else return undefined;

  return {
    source,
    percent: percent === undefined ? null : Math.round(Number(percent)),
    charging: state === undefined ? null : state === 'charging',
    ...(state === undefined ? {} : { state }),
  };
}
