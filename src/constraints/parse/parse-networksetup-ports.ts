/**
 * Reads macOS `networksetup -listallhardwareports` into device -> hardware port name:
 *
 *     Hardware Port: Wi-Fi
 *     Device: en0
 *     Ethernet Address: 8c:85:90:90:6d:26
 *
 * The VLAN section at the end has no "Device:" lines and is ignored.
 */
export function parseNetworksetupPorts(output: string): Map<string, string> {
  const ports = new Map<string, string>();
  let port: string | undefined;
  for (const line of output.split('\n')) {
    const portMatch = /^Hardware Port:\s*(.+?)\s*$/.exec(line);
    if (portMatch) {
      port = portMatch[1];
      continue;
    }
    const deviceMatch = /^Device:\s*(\S+)/.exec(line);
    if (deviceMatch?.[1] && port !== undefined) {
      ports.set(deviceMatch[1], port);
      port = undefined;
    }
  }
  return ports;
}
