import { classifyNetwork, kindOfDarwinPort, kindOfLinuxDevice } from './classify-network.js';
import { parseIpRoute } from './parse-ip-route.js';
import { parseIpconfigSummary } from './parse-ipconfig-summary.js';
import { parseNetworksetupPorts } from './parse-networksetup-ports.js';
import { parseNmcli } from './parse-nmcli.js';
import { parseRouteGet } from './parse-route-get.js';
import { readNetDevice } from './read-net-device.js';
import { runProbe, toReading } from './run-probe.js';
import type { ConstraintDeps, NetworkFacts, Reading } from './types.js';

const NO_ROUTE: NetworkFacts = { interface: null, kind: 'none', metered: null, ssid: null };

/** What the default route goes through, and whether that network is metered. */
export async function probeNetwork(
  deps: ConstraintDeps,
  denySsids: readonly string[],
  timeoutMs: number,
): Promise<Reading<NetworkFacts>> {
  if (deps.platform === 'darwin') return probeDarwin(deps, denySsids, timeoutMs);
  if (deps.platform === 'linux') return probeLinux(deps, denySsids, timeoutMs);
  return { known: false, why: `no network probe for platform "${deps.platform}"` };
}

async function probeDarwin(deps: ConstraintDeps, denySsids: readonly string[], timeoutMs: number): Promise<Reading<NetworkFacts>> {
  // The port list does not depend on the route: ask both at once, then the one interface's summary.
  const [result, ports] = await Promise.all([
    deps.exec('route', ['-n', 'get', 'default'], { timeoutMs }),
    runProbe(deps.exec, 'networksetup', ['-listallhardwareports'], timeoutMs),
  ]);
  // With no default route, route(8) exits non-zero saying "not in table": a fact, not a failure.
  if (result.failure === undefined && parseRouteGet(`${result.stdout}\n${result.stderr}`) === null) {
    return { known: true, value: NO_ROUTE };
  }
  const output = toReading('route -n get default', result, timeoutMs);
  if (!output.known) return output;
  const route = parseRouteGet(output.value);
  if (!route) return { known: false, why: 'route -n get default: unrecognised output' };
  if (!ports.known) return ports;
  const port = parseNetworksetupPorts(ports.value).get(route.interface);
  const kind = kindOfDarwinPort(port, route.interface);

  const summary = await runProbe(deps.exec, 'ipconfig', ['getsummary', route.interface], timeoutMs);
  // The summary adds SSID, router and the Android marker; without it Wi-Fi cannot be vetted.
  if (!summary.known && kind === 'wifi') return summary;
  const parsed = summary.known ? parseIpconfigSummary(summary.value) : undefined;
  return {
    known: true,
    value: classifyNetwork({
      interface: route.interface,
      kind,
      ssid: parsed?.ssid ?? null,
      router: parsed?.router ?? route.gateway,
      androidMetered: parsed?.androidMetered ?? false,
      osMetered: null,
      denySsids,
    }),
  };
}

async function probeLinux(deps: ConstraintDeps, denySsids: readonly string[], timeoutMs: number): Promise<Reading<NetworkFacts>> {
  // NetworkManager is asked about every device at once, so it need not wait for the route.
  const [output, nmcli] = await Promise.all([
    runProbe(deps.exec, 'ip', ['route', 'show', 'default'], timeoutMs),
    deps.exec('nmcli', ['-t', '-f', 'GENERAL.DEVICE,GENERAL.METERED,GENERAL.CONNECTION', 'device', 'show'], { timeoutMs }),
  ]);
  if (!output.known) return output;
  const route = parseIpRoute(output.value);
  if (!route) return { known: true, value: NO_ROUTE };
  const device = await readNetDevice(route.interface, deps);
  if (!device) return { known: false, why: `/sys/class/net/${route.interface}: not readable` };
  // NetworkManager is optional: where it is missing or does not manage the device, sysfs decides.
  const nm = nmcli.failure === undefined && nmcli.exitCode === 0 ? parseNmcli(nmcli.stdout, route.interface) : undefined;
  const kind = kindOfLinuxDevice(device);
  return {
    known: true,
    value: classifyNetwork({
      interface: route.interface,
      kind,
      ssid: kind === 'wifi' ? (nm?.connection ?? null) : null,
      router: route.gateway,
      androidMetered: false,
      osMetered: nm?.metered ?? null,
      denySsids,
    }),
  };
}
