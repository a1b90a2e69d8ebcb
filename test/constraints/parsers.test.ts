import { describe, expect, it } from 'vitest';
import { parseIoregIdle } from '../../src/constraints/parse/parse-ioreg-idle.js';
import { parseIpRoute } from '../../src/constraints/parse/parse-ip-route.js';
import { parseIpconfigSummary } from '../../src/constraints/parse/parse-ipconfig-summary.js';
import { parseNetworksetupPorts } from '../../src/constraints/parse/parse-networksetup-ports.js';
import { parseNmcli } from '../../src/constraints/parse/parse-nmcli.js';
import { parsePmsetBatt } from '../../src/constraints/parse/parse-pmset-batt.js';
import { parseRouteGet } from '../../src/constraints/parse/parse-route-get.js';
import { parseUpower } from '../../src/constraints/parse/parse-upower.js';
import { powerFromSupplies, readPowerSupplies } from '../../src/constraints/read-power-supply.js';
import { readNetDevice } from '../../src/constraints/read-net-device.js';
import { emptyFs, fakeSysfs, fixture } from './helpers.js';

describe('parsePmsetBatt', () => {
  it.each([
    ['pmset-ac-charged.txt', { source: 'ac', percent: 97, charging: false, state: 'charged' }],
    ['pmset-battery-no-estimate.txt', { source: 'battery', percent: 97, charging: false, state: 'discharging' }],
    ['pmset-battery-discharging.txt', { source: 'battery', percent: 89, charging: false, state: 'discharging' }],
    ['pmset-charging.txt', { source: 'ac', percent: 84, charging: true, state: 'charging' }],
    ['pmset-charging-no-estimate.txt', { source: 'ac', percent: 90, charging: true, state: 'charging' }],
    ['pmset-ac-attached-not-charging.txt', { source: 'ac', percent: 80, charging: false, state: 'AC attached; not charging' }],
    ['pmset-ac-attached-not-charging-2015.txt', { source: 'ac', percent: 2, charging: false, state: 'AC attached; not charging' }],
    ['pmset-finishing-charge.txt', { source: 'ac', percent: 99, charging: true, state: 'finishing charge' }],
    ['pmset-desktop-no-battery.txt', { source: 'ac', percent: null, charging: null }],
    // A desktop Mac behind a CyberPower UPS, on mains: the UPS's own line is the only one.
    ['pmset-ups-desktop-on-ac.txt', { source: 'ac', percent: 100, charging: false, state: 'AC attached; not charging' }],
  ])('reads %s', (name, expected) => {
    expect(parsePmsetBatt(fixture(`darwin/${name}`))).toStrictEqual(expected);
  });

  it('reads a UPS as its own source, in the header pmset prints and in the wording IOKit documents', () => {
    // No capture of a Mac running on its UPS was found (see the fixtures README). pmset prints
    // "Now drawing from '%s'" with IOKit's source name, "UPS Power" for a UPS; IOKit's
    // documentation says "currently drawing from", and reports that quote it must read the same.
    expect(parsePmsetBatt("Now drawing from 'UPS Power'\n")).toStrictEqual({ source: 'ups', percent: null, charging: null });
    expect(parsePmsetBatt("Currently drawing from 'UPS Power'\n")).toStrictEqual({ source: 'ups', percent: null, charging: null });
    expect(parsePmsetBatt("Currently drawing from 'Battery Power'\n")?.source).toBe('battery');
  });

  it('rejects output that is not pmset\'s', () => {
    expect(parsePmsetBatt('')).toBeUndefined();
    expect(parsePmsetBatt('pmset: unknown option')).toBeUndefined();
  });
});

describe('parseRouteGet', () => {
  it('reads the interface and gateway of the default route', () => {
    expect(parseRouteGet(fixture('darwin/route-get-default-en0.txt'))).toStrictEqual({ interface: 'en0', gateway: '10.62.96.1' });
  });

  it('reads the route through an iPhone Personal Hotspot, as a report printed it without the column alignment', () => {
    expect(parseRouteGet(fixture('darwin/route-get-default-iphone-hotspot.txt'))).toStrictEqual({ interface: 'en0', gateway: '172.20.10.1' });
  });

  it('reads a VPN tunnel route', () => {
    expect(parseRouteGet(fixture('darwin/route-get-utun3.txt'))).toStrictEqual({ interface: 'utun3', gateway: '192.168.12.1' });
  });

  it('says null when there is no default route', () => {
    expect(parseRouteGet(fixture('darwin/route-not-in-table.txt'))).toBeNull();
  });

  it('says undefined for output it cannot read', () => {
    expect(parseRouteGet('usage: route [-dnqtv] command [[modifiers] args]')).toBeUndefined();
  });
});

describe('parseNetworksetupPorts', () => {
  it('maps every device to its hardware port', () => {
    const ports = parseNetworksetupPorts(fixture('darwin/networksetup-wifi-iphone-usb-bluetooth-pan.txt'));
    expect(Object.fromEntries(ports)).toStrictEqual({
      en0: 'Wi-Fi',
      en5: 'iPhone USB',
      en3: 'Bluetooth PAN',
      en1: 'Thunderbolt 1',
      en2: 'Thunderbolt 2',
      bridge0: 'Thunderbolt Bridge',
    });
  });

  it('keeps USB Ethernet adapters, including one named after its chip', () => {
    const ports = parseNetworksetupPorts(fixture('darwin/networksetup-usb-ethernet-adapters.txt'));
    expect(ports.get('en4')).toBe('Ethernet Adapter (en4)');
    expect(ports.get('en8')).toBe('AX88179A');
    expect(ports.get('en0')).toBe('Wi-Fi');
    expect(ports.size).toBe(9);
  });
});

describe('parseIpconfigSummary', () => {
  it('reads the interface type and treats a redacted SSID as unknown', () => {
    expect(parseIpconfigSummary(fixture('darwin/ipconfig-getsummary-wifi-redacted.txt'))).toStrictEqual({
      interfaceType: 'WiFi',
      ssid: null,
      router: null,
      androidMetered: false,
    });
  });
});

describe('parseIoregIdle', () => {
  // No full `ioreg -c IOHIDSystem` capture was found (fixtures README); these are the property
  // lines as ioreg prints them, which is all the parser reads.
  it('converts the smallest HIDIdleTime from nanoseconds to milliseconds', () => {
    expect(parseIoregIdle('    |   "HIDIdleTime" = 1500000000\n    |   "HIDIdleTime" = 4500000000\n')).toBe(1500);
  });

  it('is undefined without the property', () => {
    expect(parseIoregIdle('+-o Root  <class IORegistryEntry>')).toBeUndefined();
  });
});

describe('parseIpRoute', () => {
  it('reads the default route captured on this machine', () => {
    expect(parseIpRoute(fixture('linux/ip-route-default-vm.txt'))).toStrictEqual({ interface: 'eth0', gateway: '192.0.2.1' });
  });

  it('says null for the empty output of a table without a default route', () => {
    expect(fixture('linux/ip-route-default-none.txt')).toBe('');
    expect(parseIpRoute(fixture('linux/ip-route-default-none.txt'))).toBeNull();
  });

  it('picks the lowest metric when there are several default routes', () => {
    const two = 'default via 10.0.0.1 dev wlp2s0 proto dhcp metric 600\ndefault via 192.168.50.1 dev enp3s0 proto dhcp metric 100\n';
    expect(parseIpRoute(two)).toStrictEqual({ interface: 'enp3s0', gateway: '192.168.50.1' });
  });
});

describe('parseUpower', () => {
  it('reads a line-power device that is online and a charging battery', () => {
    expect(parseUpower(fixture('linux/upower-ac-charging.txt'))).toStrictEqual({
      source: 'ac',
      percent: 85,
      charging: true,
      state: 'charging',
    });
  });

  it('reads a discharging battery', () => {
    expect(parseUpower(fixture('linux/upower-battery-discharging.txt'))).toStrictEqual({
      source: 'battery',
      percent: 38,
      charging: false,
      state: 'discharging',
    });
  });

  it('is undefined when nothing says where power comes from', () => {
    expect(parseUpower('')).toBeUndefined();
  });
});

describe('parseNmcli', () => {
  it.each([
    ['nmcli-metered-yes-guessed-android-hotspot.txt', { metered: true, connection: 'AndroidHotspot3999' }],
    ['nmcli-metered-no-guessed-wired.txt', { metered: false, connection: 'Wired connection 1' }],
  ])('reads a single device block, %s', (name, expected) => {
    expect(parseNmcli(fixture(`linux/${name}`), 'wlp1s0')).toStrictEqual(expected);
  });

  it('picks the named device out of several', () => {
    const output = fixture('linux/nmcli-device-show-two-devices.txt');
    expect(parseNmcli(output, 'wlp4s0')).toStrictEqual({ metered: null, connection: null });
    expect(parseNmcli(output, 'enp5s0f1')).toStrictEqual({ metered: null, connection: null });
    expect(parseNmcli(output, 'eth0')).toBeUndefined();
  });

  it('reads the terse form too', () => {
    const terse = 'GENERAL.DEVICE:eth0\nGENERAL.METERED:no\nGENERAL.CONNECTION:Wired\n\nGENERAL.DEVICE:wlan0\nGENERAL.METERED:yes\nGENERAL.CONNECTION:Pixel\n';
    expect(parseNmcli(terse, 'wlan0')).toStrictEqual({ metered: true, connection: 'Pixel' });
    expect(parseNmcli(terse, 'eth0')).toStrictEqual({ metered: false, connection: 'Wired' });
  });

  it('is undefined without the METERED field', () => {
    expect(parseNmcli("Error: Device 'eth9' not found.", 'eth9')).toBeUndefined();
  });
});

describe('sysfs power supplies', () => {
  it('reads a handheld on battery (Legion Go S: BAT0 discharging, ACAD and USB-C offline)', async () => {
    const supplies = await readPowerSupplies(fakeSysfs({ '/sys/class/power_supply': 'linux/sysfs-legion-go-s/power_supply' }));
    expect(supplies.known && powerFromSupplies(supplies.value)).toStrictEqual({
      source: 'battery',
      percent: 58,
      charging: false,
      state: 'discharging',
    });
  });

  it('reads a 2008 ThinkPad battery that reports no capacity', async () => {
    const supplies = await readPowerSupplies(fakeSysfs({ '/sys/class/power_supply': 'linux/sysfs-thinkpad-2008/power_supply' }));
    expect(supplies.known && powerFromSupplies(supplies.value)).toStrictEqual({
      source: 'battery',
      percent: null,
      charging: false,
      state: 'discharging',
    });
  });

  it('counts a machine without /sys/class/power_supply as AC (a server or VM)', async () => {
    const supplies = await readPowerSupplies(emptyFs);
    expect(supplies).toStrictEqual({ known: true, value: [] });
    expect(powerFromSupplies([])).toStrictEqual({ source: 'ac', percent: null, charging: null });
  });

  const supply = (fields: Partial<Parameters<typeof powerFromSupplies>[0][number]>) => ({
    name: 'X',
    type: 'Battery',
    online: null,
    status: null,
    capacity: null,
    scope: null,
    ...fields,
  });

  it('takes any online adapter as AC, even with the battery full', () => {
    const facts = powerFromSupplies([
      supply({ name: 'AC', type: 'Mains', online: true }),
      supply({ name: 'BAT0', status: 'Full', capacity: 100 }),
    ]);
    expect(facts).toStrictEqual({ source: 'ac', percent: 100, charging: false, state: 'full' });
  });

  it('ignores a peripheral battery (scope Device) on a desktop', () => {
    expect(powerFromSupplies([supply({ name: 'hidpp_battery_0', status: 'Discharging', scope: 'Device' })])).toStrictEqual({
      source: 'ac',
      percent: null,
      charging: null,
    });
  });

  it('leaves an undecidable battery to upower', () => {
    expect(powerFromSupplies([supply({ name: 'BAT0', status: 'Unknown' })])).toBeUndefined();
    expect(powerFromSupplies([supply({ name: 'axp20x', type: 'Unknown' })])).toBeUndefined();
  });
});

describe('readNetDevice', () => {
  it('reads the virtio NIC of this machine as a backed device without DEVTYPE', async () => {
    const device = await readNetDevice('eth0', fakeSysfs({ '/sys/class/net': 'linux/sysfs-vm/net' }));
    expect(device).toStrictEqual({ devtype: null, wireless: false, driver: 'virtio_net', hasDevice: true });
  });

  it('is undefined for an interface that does not exist', async () => {
    expect(await readNetDevice('wlan9', fakeSysfs({ '/sys/class/net': 'linux/sysfs-vm/net' }))).toBeUndefined();
  });
});
