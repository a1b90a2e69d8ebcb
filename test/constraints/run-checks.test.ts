import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConstraintsConfig } from '../../src/config/runner-config.js';
import { execWithEnv } from '../../src/constraints/default-deps.js';
import { runChecks } from '../../src/constraints/index.js';
import type { ConstraintDeps } from '../../src/constraints/types.js';
import { emptyFs, fakeCpu, fakeExec, fakeSysfs, FIXTURES, fixture } from './helpers.js';

const constraints = (overrides: Partial<ConstraintsConfig> = {}): ConstraintsConfig => ({
  pluggedIn: false,
  wifiOnly: false,
  denySsids: [],
  unknown: 'fail',
  ...overrides,
});

/** This machine, as captured: a VM with no power supply, eth0 on virtio, no nmcli. */
const linuxVm = (): Partial<ConstraintDeps> => ({
  platform: 'linux',
  exec: fakeExec({ 'ip route show default': fixture('linux/ip-route-default-vm.txt') }),
  ...fakeSysfs({ '/sys/class/net': 'linux/sysfs-vm/net' }),
  ...fakeCpu(10, 90),
  statfs: async () => ({ bavail: 20_000_000, bsize: 4096 }),
});

const darwin = (table: Record<string, string | { stdout?: string; stderr?: string; exitCode?: number }>): Partial<ConstraintDeps> => ({
  platform: 'darwin',
  exec: fakeExec(table),
  ...emptyFs,
  ...fakeCpu(10, 90),
  statfs: async () => ({ bavail: 20_000_000, bsize: 4096 }),
});

const macOnWifi = {
  'route -n get default': fixture('darwin/route-get-default-en0.txt'),
  'networksetup -listallhardwareports': fixture('darwin/networksetup-wifi-iphone-usb-bluetooth-pan.txt'),
  'ipconfig getsummary en0': fixture('darwin/ipconfig-getsummary-wifi-redacted.txt'),
};

describe('runChecks', () => {
  it('with no config runs every check for its facts, none required', async () => {
    const report = await runChecks(undefined, linuxVm(), { repoPath: '/repo' });
    expect(report.ok).toBe(true);
    expect(report.checks.map((check) => [check.name, check.required])).toStrictEqual([
      ['pluggedIn', false],
      ['wifiOnly', false],
      ['minBatteryPercent', false],
      ['maxCpuPercent', false],
      ['userIdleMinutes', false],
      ['minFreeDiskGb', false],
    ]);
    expect(report.facts).toStrictEqual({
      power: { source: 'ac', percent: null, charging: null },
      network: { interface: 'eth0', kind: 'ethernet', metered: false, ssid: null },
    });
    for (const check of report.checks) {
      expect(Object.keys(check)).toStrictEqual(['name', 'required', 'ok', 'reason', 'ms', 'seen']);
      expect(check.ms).toBeGreaterThanOrEqual(0);
    }
    expect(report.checks.find((check) => check.name === 'minFreeDiskGb')?.seen).toBe('81.9 GB free at /repo');
    expect(report.checks.find((check) => check.name === 'maxCpuPercent')?.seen).toBe('CPU 10% busy');
    // xprintidle is not installed here: the fact is unknown, which a non-required check only reports.
    expect(report.checks.find((check) => check.name === 'userIdleMinutes')).toMatchObject({ ok: false, seen: 'unknown' });
  });

  it('fails when a required check fails, and says why', async () => {
    const report = await runChecks(
      constraints({ pluggedIn: true, wifiOnly: true }),
      darwin({ ...macOnWifi, 'pmset -g batt': fixture('darwin/pmset-battery-discharging.txt') }),
    );
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({
      name: 'pluggedIn',
      required: true,
      ok: false,
      reason: 'on battery (89%, discharging): pluggedIn requires AC power',
    });
    expect(report.checks[1]).toMatchObject({ name: 'wifiOnly', required: true, ok: true, reason: 'on Wi-Fi via en0, unmetered' });
    expect(report.facts).toStrictEqual({
      power: { source: 'battery', percent: 89, charging: false },
      network: { interface: 'en0', kind: 'wifi', metered: false, ssid: null },
    });
  });

  it('asks pmset once for the two checks that need power', async () => {
    const deps = darwin({ ...macOnWifi, 'pmset -g batt': fixture('darwin/pmset-ac-charged.txt') });
    const report = await runChecks(constraints({ pluggedIn: true, minBatteryPercent: 30 }), deps);
    expect(report.ok).toBe(true);
    expect((deps.exec as ReturnType<typeof fakeExec>).calls.filter((call) => call === 'pmset -g batt')).toHaveLength(1);
  });

  it('fails closed when a command is missing, and passes with unknown: "pass"', async () => {
    const closed = await runChecks(constraints({ pluggedIn: true }), darwin(macOnWifi));
    expect(closed.ok).toBe(false);
    expect(closed.checks[0]?.reason).toBe(
      'power source unknown (pmset -g batt: command not found): failing closed, as constraints.unknown is "fail"',
    );
    expect(closed.facts.power).toStrictEqual({ source: 'unknown', percent: null, charging: null });

    const open = await runChecks(constraints({ pluggedIn: true, unknown: 'pass' }), darwin(macOnWifi));
    expect(open.ok).toBe(true);
    expect(open.checks[0]).toMatchObject({ ok: true, seen: 'unknown' });
  });

  it('treats a non-zero exit and unparseable output as unknown', async () => {
    const failing = await runChecks(constraints({ pluggedIn: true }), darwin({ 'pmset -g batt': { exitCode: 1, stderr: 'pmset: IOPS failure' } }));
    expect(failing.checks[0]?.reason).toContain('pmset -g batt: exit 1 (pmset: IOPS failure)');
    const garbled = await runChecks(constraints({ pluggedIn: true }), darwin({ 'pmset -g batt': 'Segmentation fault' }));
    expect(garbled.checks[0]?.reason).toContain('pmset -g batt: unrecognised output');
    expect(garbled.ok).toBe(false);
  });

  it('fails wifiOnly with no default route, whatever the unknown policy', async () => {
    const deps = { ...linuxVm(), exec: fakeExec({ 'ip route show default': fixture('linux/ip-route-default-none.txt') }) };
    const report = await runChecks(constraints({ wifiOnly: true, unknown: 'pass' }), deps);
    expect(report.ok).toBe(false);
    expect(report.checks[1]?.reason).toBe('no default route: wifiOnly requires an unmetered network');
    expect(report.facts.network).toStrictEqual({ interface: null, kind: 'none', metered: null, ssid: null });
  });

  it('reads no default route from route(8) on macOS', async () => {
    const report = await runChecks(
      constraints({ wifiOnly: true }),
      darwin({ 'route -n get default': { exitCode: 1, stderr: fixture('darwin/route-not-in-table.txt') } }),
    );
    expect(report.facts.network.kind).toBe('none');
    expect(report.ok).toBe(false);
  });

  it('believes NetworkManager on Linux: an Android hotspot it guessed metered fails', async () => {
    const exec = fakeExec({
      'ip route show default': fixture('linux/ip-route-default-vm.txt'),
      'nmcli -t -f GENERAL.DEVICE,GENERAL.METERED,GENERAL.CONNECTION device show': fixture('linux/nmcli-metered-yes-guessed-android-hotspot.txt'),
    });
    const report = await runChecks(constraints({ wifiOnly: true }), { ...linuxVm(), exec });
    expect(report.ok).toBe(false);
    expect(report.checks[1]?.reason).toContain('NetworkManager marks it metered');
  });

  describe('when the Wi-Fi summary cannot be read', () => {
    const iphone = {
      'route -n get default': fixture('darwin/route-get-default-iphone-hotspot.txt'),
      'networksetup -listallhardwareports': fixture('darwin/networksetup-wifi-iphone-usb-bluetooth-pan.txt'),
      'ipconfig getsummary en0': { exitCode: 1 },
    };

    it("still knows an iPhone Personal Hotspot by the route's gateway, and fails wifiOnly on it", async () => {
      const report = await runChecks(constraints({ wifiOnly: true, unknown: 'pass' }), darwin(iphone));
      expect(report.ok).toBe(false);
      expect(report.checks[1]?.reason).toBe(
        'on a phone hotspot via en0 (router 172.20.10.1 is an iPhone Personal Hotspot), which is metered: wifiOnly requires Wi-Fi or wired',
      );
      expect(report.facts.network).toStrictEqual({ interface: 'en0', kind: 'hotspot', metered: true, ssid: null });
    });

    it('knows it even when networksetup is missing too', async () => {
      const { 'networksetup -listallhardwareports': _ports, ...withoutPorts } = iphone;
      const report = await runChecks(constraints({ wifiOnly: true }), darwin(withoutPorts));
      expect(report.facts.network).toStrictEqual({ interface: 'en0', kind: 'hotspot', metered: true, ssid: null });
    });

    it("keeps the route's interface in the facts when Wi-Fi cannot be vetted, whatever the verdict", async () => {
      const table = { ...macOnWifi, 'ipconfig getsummary en0': { exitCode: 1 } };
      const report = await runChecks(constraints({ wifiOnly: true }), darwin(table));
      expect(report.checks[1]?.reason).toBe('network unknown (ipconfig getsummary en0: exit 1): failing closed, as constraints.unknown is "fail"');
      expect(report.facts.network).toStrictEqual({ interface: 'en0', kind: 'wifi', metered: null, ssid: null });
      const { 'networksetup -listallhardwareports': _ports, ...withoutPorts } = macOnWifi;
      const noPorts = await runChecks(constraints({ wifiOnly: true }), darwin(withoutPorts));
      expect(noPorts.facts.network).toStrictEqual({ interface: 'en0', kind: 'unknown', metered: null, ssid: null });
    });

    it('keeps the interface on Linux when its sysfs entry cannot be read', async () => {
      const report = await runChecks(constraints({ wifiOnly: true }), { ...linuxVm(), ...emptyFs });
      expect(report.checks[1]?.reason).toContain('/sys/class/net/eth0: not readable');
      expect(report.facts.network).toStrictEqual({ interface: 'eth0', kind: 'unknown', metered: null, ssid: null });
    });
  });

  it('makes denySsids required on its own', async () => {
    const report = await runChecks(constraints({ denySsids: ['Cafe'] }), linuxVm());
    expect(report.checks[1]).toMatchObject({ name: 'wifiOnly', required: true, ok: true });
  });

  it('turns a probe that throws into an unknown fact, not a crash', async () => {
    const deps = {
      ...linuxVm(),
      cpuTimes: () => {
        throw new Error('no /proc');
      },
    };
    const report = await runChecks(constraints({ maxCpuPercent: 50 }), deps);
    expect(report.ok).toBe(false);
    expect(report.checks[3]?.reason).toBe('CPU load unknown (probe failed: no /proc): failing closed, as constraints.unknown is "fail"');
  });

  it('gives up on a check that does not answer in time', async () => {
    const never: ConstraintDeps['exec'] = () => new Promise(() => undefined);
    const report = await runChecks(constraints({ pluggedIn: true }), { ...darwin({}), exec: never }, { checkTimeoutMs: 50 });
    expect(report.ok).toBe(false);
    expect(report.checks[0]?.reason).toBe('power source unknown (no answer within 50 ms): failing closed, as constraints.unknown is "fail"');
  });

  it('measures free space with a real statfs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overnight-disk-'));
    const { statfs: _statfs, ...deps } = linuxVm();
    const report = await runChecks(constraints({ minFreeDiskGb: 0.001 }), deps, { repoPath: dir });
    expect(report.checks[5]).toMatchObject({ name: 'minFreeDiskGb', required: true, ok: true });
    expect(report.checks[5]?.seen).toMatch(/^\d+\.\d GB free at /);
  });
});

describe('runChecks with real child processes', () => {
  const withPath = (dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    PATH: `${join(FIXTURES, dir)}${delimiter}${process.env.PATH ?? ''}`,
    ...extra,
  });

  it('times a hung command out into unknown', async () => {
    const env = withPath('hang');
    const report = await runChecks(
      constraints({ pluggedIn: true }),
      { platform: 'darwin', env, exec: execWithEnv(env) },
      { probeTimeoutMs: 300 },
    );
    expect(report.ok).toBe(false);
    expect(report.checks[0]?.reason).toBe(
      'power source unknown (pmset -g batt: timed out after 300 ms): failing closed, as constraints.unknown is "fail"',
    );
  });

  it('reports a command that is not installed as unknown', async () => {
    const env = { ...process.env, PATH: mkdtempSync(join(tmpdir(), 'overnight-empty-path-')) };
    const report = await runChecks(constraints({ pluggedIn: true }), { platform: 'darwin', env });
    expect(report.checks[0]?.reason).toContain('pmset -g batt: command not found');
  });

  it('drives the macOS probes on Linux with stand-in commands first on PATH and OVERNIGHT_PLATFORM', async () => {
    const env = withPath('bin', {
      OVERNIGHT_PLATFORM: 'darwin',
      STANDIN_PMSET: join(FIXTURES, 'darwin/pmset-finishing-charge.txt'),
      STANDIN_ROUTE: join(FIXTURES, 'darwin/route-get-default-en0.txt'),
      STANDIN_NETWORKSETUP: join(FIXTURES, 'darwin/networksetup-usb-ethernet-adapters.txt'),
      STANDIN_IPCONFIG: join(FIXTURES, 'darwin/ipconfig-getsummary-wifi-redacted.txt'),
    });
    const report = await runChecks(constraints({ pluggedIn: true, wifiOnly: true }), { env });
    expect(report.ok).toBe(true);
    expect(report.facts).toStrictEqual({
      power: { source: 'ac', percent: 99, charging: true },
      network: { interface: 'en0', kind: 'wifi', metered: false, ssid: null },
    });
    expect(report.checks[0]?.reason).toBe('on AC power (99%, finishing charge)');
  });

  it("fails on an iPhone Personal Hotspot through the stand-ins while ipconfig getsummary exits non-zero", async () => {
    const env = withPath('bin', {
      STANDIN_PMSET: join(FIXTURES, 'darwin/pmset-ups-desktop-on-ac.txt'),
      STANDIN_ROUTE: join(FIXTURES, 'darwin/route-get-default-iphone-hotspot.txt'),
      STANDIN_NETWORKSETUP: join(FIXTURES, 'darwin/networksetup-wifi-iphone-usb-bluetooth-pan.txt'),
      STANDIN_IPCONFIG: '/dev/null',
      STANDIN_IPCONFIG_EXIT: '1',
    });
    const report = await runChecks(constraints({ pluggedIn: true, wifiOnly: true }), { env, platform: 'darwin' });
    expect(report.checks.map((check) => [check.name, check.ok]).slice(0, 2)).toStrictEqual([
      ['pluggedIn', true],
      ['wifiOnly', false],
    ]);
    expect(report.facts).toStrictEqual({
      power: { source: 'ac', percent: 100, charging: false },
      network: { interface: 'en0', kind: 'hotspot', metered: true, ssid: null },
    });
  });

  it('fails through the stand-ins when macOS says the battery is in use', async () => {
    const env = withPath('bin', {
      STANDIN_PMSET: join(FIXTURES, 'darwin/pmset-battery-no-estimate.txt'),
      STANDIN_ROUTE: join(FIXTURES, 'darwin/route-not-in-table.txt'),
      STANDIN_ROUTE_EXIT: '1',
    });
    const report = await runChecks(constraints({ pluggedIn: true, wifiOnly: true }), { env, platform: 'darwin' });
    expect(report.ok).toBe(false);
    expect(report.checks.map((check) => check.reason).slice(0, 2)).toStrictEqual([
      'on battery (97%, discharging): pluggedIn requires AC power',
      'no default route: wifiOnly requires an unmetered network',
    ]);
  });
});
