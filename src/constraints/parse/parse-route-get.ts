export interface DefaultRoute {
  interface: string;
  gateway: string | null;
}

/**
 * Reads macOS `route -n get default`:
 *
 *        route to: default
 *     destination: default
 *            mask: default
 *         gateway: 192.168.1.1
 *       interface: en0
 *
 * Returns null when the output says there is no default route ("not in table"), undefined when
 * it cannot be read.
 */
export function parseRouteGet(output: string): DefaultRoute | null | undefined {
  if (/not in table/.test(output)) return null;
  const iface = field(output, 'interface');
  if (iface === undefined) return undefined;
  return { interface: iface, gateway: field(output, 'gateway') ?? null };
}

function field(output: string, name: string): string | undefined {
  return new RegExp(`^\\s*${name}:\\s*(\\S+)`, 'm').exec(output)?.[1];
}
