import { describe, expect, it } from 'vitest';
import { checkBattery } from '../../src/constraints/battery.js';
import { classifyNetwork, kindOfDarwinPort, kindOfLinuxDevice, type ClassifyInput } from '../../src/constraints/classify-network.js';
import { checkCpu } from '../../src/constraints/cpu.js';
import { checkDisk } from '../../src/constraints/disk.js';
import { checkIdle } from '../../src/constraints/idle.js';
import { checkWifiOnly } from '../../src/constraints/network.js';
import { parsePmsetBatt } from '../../src/constraints/parse/parse-pmset-batt.js';
import { checkPluggedIn } from '../../src/constraints/power.js';
import type { PowerFacts, Reading } from '../../src/constraints/types.js';
import { fixture } from './helpers.js';

const pmset = (name: string): Reading<PowerFacts> => ({ known: true, value: parsePmsetBatt(fixture(`darwin/${name}`))! });
const missing = { known: false as const, why: 'pmset -g batt: command not found' };

describe('pluggedIn', () => {
  it('fails on battery and says what it saw', () => {
    expect(checkPluggedIn(pmset('pmset-battery-discharging.txt'), 'fail')).toStrictEqual({
      ok: false,
      reason: 'on battery (89%, discharging): pluggedIn requires AC power',
      seen: 'battery (89%, discharging)',
    });
  });

  it.each(['pmset-ac-charged.txt', 'pmset-charging.txt', 'pmset-ac-attached-not-charging.txt', 'pmset-finishing-charge.txt', 'pmset-desktop-no-battery.txt'])(
    'passes on AC power (%s)',
    (name) => {
      expect(checkPluggedIn(pmset(name), 'fail').ok).toBe(true);
    },
  );

  it('fails on UPS power: the wall is out', () => {
    const verdict = checkPluggedIn({ known: true, value: { source: 'ups', percent: 87, charging: false, state: 'discharging' } }, 'fail');
    expect(verdict).toMatchObject({ ok: false, reason: 'on UPS power (87%, discharging): pluggedIn requires AC power' });
  });

  it('fails closed on an unknown fact, and passes when the config says so', () => {
    expect(checkPluggedIn(missing, 'fail')).toStrictEqual({
      ok: false,
      reason: 'power source unknown (pmset -g batt: command not found): failing closed, as constraints.unknown is "fail"',
      seen: 'unknown',
    });
    expect(checkPluggedIn(missing, 'pass')).toMatchObject({ ok: true, reason: expect.stringContaining('passing, as constraints.unknown is "pass"') });
  });
});

describe('minBatteryPercent', () => {
  it('applies only on battery', () => {
    expect(checkBattery(pmset('pmset-ac-attached-not-charging-2015.txt'), 50, 'fail')).toMatchObject({ ok: true });
    expect(checkBattery(pmset('pmset-battery-discharging.txt'), 50, 'fail')).toMatchObject({ ok: true });
    expect(checkBattery(pmset('pmset-battery-discharging.txt'), 90, 'fail')).toStrictEqual({
      ok: false,
      reason: 'on battery (89%, discharging): minBatteryPercent requires 90%',
      seen: 'battery (89%, discharging)',
    });
  });

  it('is unknown on battery without a charge reading', () => {
    const noCharge: Reading<PowerFacts> = { known: true, value: { source: 'battery', percent: null, charging: false, state: 'discharging' } };
    expect(checkBattery(noCharge, 20, 'fail').ok).toBe(false);
    expect(checkBattery(noCharge, 20, 'pass').ok).toBe(true);
  });
});

describe('network kinds', () => {
  it.each([
    ['Wi-Fi', 'en0', 'wifi'],
    ['iPhone USB', 'en5', 'hotspot'],
    ['Bluetooth PAN', 'en3', 'hotspot'],
    ['Thunderbolt Bridge', 'bridge0', 'ethernet'],
    ['Ethernet Adapter (en4)', 'en4', 'ethernet'],
    ['AX88179A', 'en8', 'ethernet'],
    ['USB 10/100/1000 LAN', 'en7', 'ethernet'],
    ['Bluetooth DUN', 'en9', 'cellular'],
    ['Some Gadget', 'en10', 'other'],
    [undefined, 'utun3', 'other'],
    [undefined, 'en11', 'unknown'],
  ] as const)('a macOS port %s (%s) is %s', (port, iface, kind) => {
    expect(kindOfDarwinPort(port, iface)).toBe(kind);
  });

  it.each([
    [{ devtype: 'wwan', wireless: false, driver: 'qmi_wwan', hasDevice: true }, 'cellular'],
    [{ devtype: 'wlan', wireless: true, driver: 'iwlwifi', hasDevice: true }, 'wifi'],
    [{ devtype: null, wireless: false, driver: 'ipheth', hasDevice: true }, 'hotspot'],
    [{ devtype: null, wireless: false, driver: 'rndis_host', hasDevice: true }, 'hotspot'],
    [{ devtype: 'bluetooth', wireless: false, driver: null, hasDevice: false }, 'hotspot'],
    [{ devtype: null, wireless: false, driver: 'virtio_net', hasDevice: true }, 'ethernet'],
    [{ devtype: 'bridge', wireless: false, driver: null, hasDevice: false }, 'other'],
  ] as const)('a Linux device %o is %s', (device, kind) => {
    expect(kindOfLinuxDevice(device)).toBe(kind);
  });
});

describe('wifiOnly', () => {
  const wifi: ClassifyInput = { interface: 'en0', kind: 'wifi', ssid: 'Home', router: '192.168.1.1', androidMetered: false, osMetered: null, denySsids: [] };
  const verdict = (input: Partial<ClassifyInput>, policy: 'fail' | 'pass' = 'fail') =>
    checkWifiOnly({ known: true, value: classifyNetwork({ ...wifi, ...input }) }, policy);

  it('passes on Wi-Fi and wired', () => {
    expect(verdict({})).toStrictEqual({ ok: true, reason: 'on Wi-Fi "Home" via en0, unmetered', seen: 'Wi-Fi "Home" via en0' });
    expect(verdict({ kind: 'ethernet', ssid: null, interface: 'en4' }).ok).toBe(true);
  });

  it('fails on an iPhone Personal Hotspot, recognised by its router', () => {
    expect(verdict({ ssid: "Sam's iPhone", router: '172.20.10.1' })).toStrictEqual({
      ok: false,
      reason: `on a phone hotspot "Sam's iPhone" via en0 (router 172.20.10.1 is an iPhone Personal Hotspot), which is metered: wifiOnly requires Wi-Fi or wired`,
      seen: `a phone hotspot "Sam's iPhone" via en0 (router 172.20.10.1 is an iPhone Personal Hotspot)`,
    });
  });

  it("fails on an Android hotspot's classic address over Wi-Fi, but not on a wired router that happens to use it", () => {
    expect(verdict({ ssid: null, router: '192.168.43.1' })).toStrictEqual({
      ok: false,
      reason: "on a phone hotspot via en0 (router 192.168.43.1 is an Android hotspot's address), which is metered: wifiOnly requires Wi-Fi or wired",
      seen: "a phone hotspot via en0 (router 192.168.43.1 is an Android hotspot's address)",
    });
    expect(verdict({ kind: 'ethernet', ssid: null, router: '192.168.43.1' }).ok).toBe(true);
  });

  it('fails on an iPhone hotspot by its router whatever the link is, even one nothing else could place', () => {
    expect(verdict({ kind: 'unknown', ssid: null, router: '172.20.10.1' })).toMatchObject({ ok: false, seen: expect.stringContaining('iPhone Personal Hotspot') });
  });

  it('fails on an Android hotspot, recognised by ANDROID_METERED', () => {
    expect(verdict({ androidMetered: true })).toMatchObject({ ok: false, reason: expect.stringContaining('ANDROID_METERED') });
  });

  it('fails on Bluetooth PAN and iPhone USB tethering', () => {
    expect(verdict({ kind: kindOfDarwinPort('Bluetooth PAN', 'en3'), interface: 'en3', ssid: null }).ok).toBe(false);
    expect(verdict({ kind: kindOfDarwinPort('iPhone USB', 'en5'), interface: 'en5', ssid: null }).ok).toBe(false);
  });

  it('fails on cellular', () => {
    expect(verdict({ kind: 'cellular', interface: 'wwan0', ssid: null }).ok).toBe(false);
  });

  it('fails on a denied SSID', () => {
    expect(verdict({ ssid: 'Airport Free WiFi', denySsids: ['Airport Free WiFi'] })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('SSID "Airport Free WiFi" is in constraints.denySsids'),
    });
  });

  it('believes NetworkManager when it calls a wired network metered', () => {
    expect(verdict({ kind: 'ethernet', ssid: null, osMetered: true }).ok).toBe(false);
  });

  it('fails with no default route, even when unknown facts pass', () => {
    const none = { known: true as const, value: { interface: null, kind: 'none' as const, metered: null, ssid: null } };
    expect(checkWifiOnly(none, 'pass')).toStrictEqual({
      ok: false,
      reason: 'no default route: wifiOnly requires an unmetered network',
      seen: 'no default route',
    });
  });

  it('treats an unrecognised link as unknown: fail closed, or pass by policy', () => {
    expect(verdict({ kind: 'other', interface: 'utun3', ssid: null }).ok).toBe(false);
    expect(verdict({ kind: 'other', interface: 'utun3', ssid: null }, 'pass').ok).toBe(true);
  });
});

describe('thresholds', () => {
  it('maxCpuPercent', () => {
    expect(checkCpu({ known: true, value: 12.4 }, 50, 'fail')).toStrictEqual({
      ok: true,
      reason: 'CPU 12% busy: within maxCpuPercent 50%',
      seen: 'CPU 12% busy',
    });
    expect(checkCpu({ known: true, value: 80 }, 50, 'fail')).toMatchObject({ ok: false, reason: 'CPU 80% busy: maxCpuPercent allows 50%' });
  });

  it('userIdleMinutes', () => {
    expect(checkIdle({ known: true, value: 30 * 60_000 }, 15, 'fail').ok).toBe(true);
    expect(checkIdle({ known: true, value: 2 * 60_000 }, 15, 'fail')).toMatchObject({
      ok: false,
      reason: 'idle 2.0 min: userIdleMinutes requires 15 min',
    });
    expect(checkIdle({ known: false, why: 'xprintidle: command not found' }, 15, 'fail').ok).toBe(false);
  });

  it('minFreeDiskGb', () => {
    expect(checkDisk({ known: true, value: 5e9 }, '/repo', 10, 'fail')).toStrictEqual({
      ok: false,
      reason: '5.0 GB free at /repo: minFreeDiskGb requires 10 GB',
      seen: '5.0 GB free at /repo',
    });
    expect(checkDisk({ known: true, value: 50e9 }, '/repo', 10, 'fail').ok).toBe(true);
  });

  it('passes without a threshold but still reports the fact', () => {
    expect(checkCpu({ known: true, value: 3 }, undefined, 'fail')).toMatchObject({ ok: true, seen: 'CPU 3% busy' });
  });
});
