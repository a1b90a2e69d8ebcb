import { classifyNetwork, kindOfDarwinPort, kindOfLinuxDevice } from './classify-network.js';
import { parseIpRoute } from './parse/parse-ip-route.js';
import { parseIpconfigSummary, type IpconfigSummary } from './parse/parse-ipconfig-summary.js';
import { parseNetworksetupPorts } from './parse/parse-networksetup-ports.js';
import { parseNmcli } from './parse/parse-nmcli.js';
import { parseRouteGet } from './parse/parse-route-get.js';
import { readNetDevice } from './read-net-device.js';
import { runProbe, toReading } from './run-probe.js';
import type { ConstraintDeps, NetworkFacts, NetworkKind, PartlyRead, Reading } from './types.js';

const NO_ROUTE: NetworkFacts = { interface: null, kind: 'none', metered: null, ssid: null };

/** What the default route goes through, and whether that network is metered. */
export async function probeNetwork(
  deps: ConstraintDeps,
  denySsids: readonly string[],
  timeoutMs: number,
): Promise<Reading<NetworkFacts> | PartlyRead<NetworkFacts>> {
  if (deps.platform === 'darwin') return probeDarwin(deps, denySsids, timeoutMs);
  if (deps.platform === 'linux') return probeLinux(deps, denySsids, timeoutMs);
  return { known: false, why: `no network probe for platform "${deps.platform}"` };
}

async function probeDarwin(
  deps: ConstraintDeps,
  denySsids: readonly string[],
  timeoutMs: number,
): Promise<Reading<NetworkFacts> | PartlyRead<NetworkFacts>> {
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
  const classify = (kind: NetworkKind, summary?: IpconfigSummary) =>
    classifyNetwork({
      interface: route.interface,
      kind,
      ssid: summary?.ssid ?? null,
      router: summary?.router ?? route.gateway,
      androidMetered: summary?.androidMetered ?? false,
      osMetered: null,
      denySsids,
    });
  // A phone's own address as the gateway settles it, whatever else cannot be read.
  if (!ports.known) {
    const byGateway = classify('unknown');
    return byGateway.kind === 'hotspot' ? { known: true, value: byGateway } : { known: false, why: ports.why, partial: { interface: route.interface } };
  }
  const kind = kindOfDarwinPort(parseNetworksetupPorts(ports.value).get(route.interface), route.interface);

  const summary = await runProbe(deps.exec, 'ipconfig', ['getsummary', route.interface], timeoutMs);
  const facts = classify(kind, summary.known ? parseIpconfigSummary(summary.value) : undefined);
  // The summary adds SSID, router and the Android marker; without it Wi-Fi cannot be vetted,
  // unless the route's gateway already said it is a phone.
  if (!summary.known && kind === 'wifi' && facts.kind !== 'hotspot') {
    return { known: false, why: summary.why, partial: { interface: route.interface, kind } };
  }
  return { known: true, value: facts };
}

async function probeLinux(
  deps: ConstraintDeps,
  denySsids: readonly string[],
  timeoutMs: number,
): Promise<Reading<NetworkFacts> | PartlyRead<NetworkFacts>> {
  // NetworkManager is asked about every device at once, so it need not wait for the route.
  const [output, nmcli] = await Promise.all([
    runProbe(deps.exec, 'ip', ['route', 'show', 'default'], timeoutMs),
    deps.exec('nmcli', ['-t', '-f', 'GENERAL.DEVICE,GENERAL.METERED,GENERAL.CONNECTION', 'device', 'show'], { timeoutMs }),
  ]);
  if (!output.known) return output;
  const route = parseIpRoute(output.value);
  if (!route) return { known: true, value: NO_ROUTE };
  const device = await readNetDevice(route.interface, deps);
  if (!device) return { known: false, why: `/sys/class/net/${route.interface}: not readable`, partial: { interface: route.interface } };
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
