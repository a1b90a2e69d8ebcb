import type { StandinFacts } from './standin-facts.js';

/** What one stand-in invocation prints and how it exits. */
export interface StandinAnswer {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const ok = (stdout: string): StandinAnswer => ({ stdout, stderr: '', exitCode: 0 });

const clock = (minutes: number) => `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;

/** `pmset -g batt`, in the format of the real captures in test/fixtures/constraints/darwin/pmset-*.txt. */
export function renderPmsetBatt({ source, percent }: StandinFacts['power']): StandinAnswer {
  const state =
    source === 'battery'
      ? `discharging; ${clock(percent * 5)} remaining`
      : percent >= 100
        ? 'charged; 0:00 remaining'
        : `charging; ${clock((100 - percent) * 2)} remaining`;
  return ok(
    `Now drawing from '${source === 'battery' ? 'Battery Power' : 'AC Power'}'\n` +
      ` -InternalBattery-0 (id=4653155)\t${percent}%; ${state} present: true\n`,
  );
}

/** `route -n get default`, in the format of test/fixtures/constraints/darwin/route-*.txt. */
export function renderRouteGetDefault(network: StandinFacts['network']): StandinAnswer {
  if (network.interface === null) return { stdout: '', stderr: 'route: writing to routing socket: not in table\n', exitCode: 1 };
  return ok(
    [
      '   route to: default',
      'destination: default',
      '       mask: default',
      `    gateway: ${network.router}`,
      `  interface: ${network.interface}`,
      '      flags: <UP,GATEWAY,DONE,STATIC,PRCLONING,GLOBAL>',
      ' recvpipe  sendpipe  ssthresh  rtt,msec    rttvar  hopcount      mtu     expire',
      '       0         0         0         0         0         0      1500         0',
      '',
    ].join('\n'),
  );
}

/**
 * `networksetup -listallhardwareports`, in the format of test/fixtures/constraints/darwin/networksetup-*.txt,
 * with the blank first line and the VLAN section a Mac prints around the ports.
 */
export function renderNetworksetupPorts(ports: StandinFacts['ports']): StandinAnswer {
  const blocks = ports.map((entry) => `Hardware Port: ${entry.port}\nDevice: ${entry.device}\nEthernet Address: ${entry.mac}\n`);
  return ok(`\n${blocks.join('\n')}\nVLAN Configurations\n===================\n`);
}

/**
 * `ipconfig getsummary <device>`, in the "<dictionary> { Key : value }" format of
 * test/fixtures/constraints/darwin/ipconfig-getsummary-*.txt. No real capture shows where `Router`
 * and an ANDROID_METERED vendor option sit (see that directory's README), so they are placed as
 * lines of the IPv4 dictionary.
 */
export function renderIpconfigSummary({ network, ports }: StandinFacts, device: string): StandinAnswer {
  const port = ports.find((entry) => entry.device === device);
  const active = network.interface === device;
  const type = port && /wi-?fi/i.test(port.port) ? 'WiFi' : 'Ethernet';
  const lines = ['<dictionary> {'];
  if (active) {
    lines.push(
      '  IPv4 : <array> {',
      '    0 : <dictionary> {',
      '      Addresses : <array> {',
      `        0 : ${network.address}`,
      '      }',
      '      ConfigMethod : DHCP',
      `      Router : ${network.router}`,
      ...(network.androidMetered ? ['      VendorSpecific : ANDROID_METERED'] : []),
      '    }',
      '  }',
    );
  }
  lines.push(`  InterfaceType : ${type}`, `  LinkStatusActive : ${active ? 'TRUE' : 'FALSE'}`);
  if (active && type === 'WiFi') lines.push('  NetworkID : 5C6D8A1E-2B7F-4E0A-9C3D-1F2E3A4B5C6D', `  SSID : ${network.ssid}`, '  Security : WPA2_PSK');
  lines.push('}', '');
  return ok(lines.join('\n'));
}
