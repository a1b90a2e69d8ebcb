import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { detectSandbox } from '../../src/runner/index.js';
import { FIXTURES } from './helpers.js';

/** This machine's sandbox, as `overnight check` finds it (bubblewrap run once, or sandbox-exec). */
const sandbox = await detectSandbox();
const exitWithSandbox = sandbox.ok ? 0 : 1;

let stdout: string;
let stderr: string;
const savedEnv = { ...process.env };

beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...savedEnv };
});

/** macOS on this Linux machine: stand-in pmset/route/networksetup/ipconfig first on PATH. */
function standInMac(pmset: string): void {
  process.env.PATH = `${join(FIXTURES, 'bin')}${delimiter}${savedEnv.PATH ?? ''}`;
  process.env.OVERNIGHT_PLATFORM = 'darwin';
  process.env.STANDIN_PMSET = join(FIXTURES, 'darwin', pmset);
  process.env.STANDIN_ROUTE = join(FIXTURES, 'darwin/route-get-default-en0.txt');
  process.env.STANDIN_NETWORKSETUP = join(FIXTURES, 'darwin/networksetup-wifi-iphone-usb-bluetooth-pan.txt');
  process.env.STANDIN_IPCONFIG = join(FIXTURES, 'darwin/ipconfig-getsummary-wifi-redacted.txt');
}

function writeConfig(constraints: unknown, sandboxMode: 'required' | 'off' = 'off'): string {
  const dir = mkdtempSync(join(tmpdir(), 'overnight-check-'));
  const file = join(dir, 'config.json');
  const config = {
    repo: { path: dir, github: 'octo/repo' },
    schedule: { timezone: 'UTC', window: { start: '01:00', end: '05:00' }, every: '30m' },
    constraints,
    sandbox: { mode: sandboxMode },
  };
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describe('overnight check', () => {
  it('prints the JSON report; without a config no constraint is required, the sandbox is', async () => {
    standInMac('pmset-battery-discharging.txt');
    expect(await main(['node', 'overnight', 'check', '--json'])).toBe(exitWithSandbox);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toStrictEqual(['ok', 'checks', 'facts']);
    expect(report.ok).toBe(sandbox.ok);
    expect(report.checks).toHaveLength(7);
    for (const check of report.checks.slice(0, 6)) {
      expect(Object.keys(check)).toStrictEqual(['name', 'required', 'ok', 'reason', 'ms', 'seen']);
      expect(check.required).toBe(false);
    }
    expect(report.checks[6]).toMatchObject({ name: 'sandbox', required: true, ok: sandbox.ok });
    expect(report.checks[6].reason).toBe(sandbox.ok ? `${sandbox.tool} ${sandbox.version}` : expect.stringContaining(`fix: ${sandbox.fix}`));
    expect(report.facts).toStrictEqual({
      power: { source: 'battery', percent: 89, charging: false },
      network: { interface: 'en0', kind: 'wifi', metered: false, ssid: null },
    });
  });

  it('exits 1 with a table and the reason when a required check fails', async () => {
    standInMac('pmset-battery-discharging.txt');
    const config = writeConfig({ pluggedIn: true, wifi_only: true });
    expect(await main(['node', 'overnight', 'check', '--config', config])).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^check\s+required\s+seen\s+ok\s+ms$/);
    expect(lines[1]).toMatch(/^pluggedIn\s+yes\s+battery \(89%, discharging\)\s+FAIL\s+\d+$/);
    expect(lines[2]).toMatch(/^wifiOnly\s+yes\s+Wi-Fi via en0\s+ok\s+\d+$/);
    expect(stdout).toContain('pluggedIn: on battery (89%, discharging): pluggedIn requires AC power');
    expect(stdout.trimEnd().endsWith('not ok: a required check fails')).toBe(true);
  });

  it('exits 0 when every required check passes', async () => {
    standInMac('pmset-ac-attached-not-charging.txt');
    const config = writeConfig({ pluggedIn: true, wifiOnly: true });
    expect(await main(['node', 'overnight', 'check', '--config', config])).toBe(0);
    expect(stdout.trimEnd().endsWith('ok: every required check passes')).toBe(true);
  });

  it('shows the sandbox as a required check with sandbox.mode "required", the fix when it cannot run, and "off" otherwise', async () => {
    standInMac('pmset-ac-attached-not-charging.txt');
    expect(await main(['node', 'overnight', 'check', '--config', writeConfig({}, 'required')])).toBe(exitWithSandbox);
    const row = stdout.split('\n').find((line) => line.startsWith('sandbox'));
    expect(row).toMatch(sandbox.ok ? new RegExp(`^sandbox\\s+yes\\s+${sandbox.tool} ${sandbox.version.replace(/[.]/g, '\\.')}\\s+ok\\s+\\d+$`) : /^sandbox\s+yes\s+.*unusable\s+FAIL\s+\d+$/);
    if (!sandbox.ok) expect(stdout).toContain(`fix: ${sandbox.fix}`);
    stdout = '';
    expect(await main(['node', 'overnight', 'check', '--config', writeConfig({}, 'off')])).toBe(0);
    expect(stdout).toMatch(/^sandbox\s+no\s+off \(sandbox\.mode\)\s+no\s+\d+$/m);
    expect(stdout).toContain('sandbox (not required): off (sandbox.mode: "off"): agents run without a sandbox, as your user');
  });

  it('exits 2 for a bad config, naming the field', async () => {
    const config = writeConfig({ pluggedIn: 'yes' });
    expect(await main(['node', 'overnight', 'check', '--config', config])).toBe(2);
    expect(stderr).toContain('constraints.pluggedIn');
    expect(stdout).toBe('');
  });

  it('exits 2 for a platform it has no probes for', async () => {
    expect(await main(['node', 'overnight', 'check', '--platform', 'win32'])).toBe(2);
    expect(stderr).toContain('darwin, linux');
  });

  it.skipIf(process.platform !== 'linux')("runs this machine's real Linux probes with --platform linux", async () => {
    process.env.OVERNIGHT_PLATFORM = 'darwin';
    expect(await main(['node', 'overnight', 'check', '--platform', 'linux', '--json'])).toBe(exitWithSandbox);
    const report = JSON.parse(stdout);
    // --platform wins over OVERNIGHT_PLATFORM: the real `ip route` and sysfs answered, not pmset.
    expect(['ac', 'battery']).toContain(report.facts.power.source);
    expect(report.facts.network.kind).not.toBe('unknown');
    expect(report.checks[0].reason).not.toContain('pmset');
  });

  // Runs on the macOS CI job only: the real pmset, route, networksetup and ipconfig answer.
  it.runIf(process.platform === 'darwin')("runs this Mac's real probes", async () => {
    expect(await main(['node', 'overnight', 'check', '--platform', 'darwin', '--json'])).toBe(exitWithSandbox);
    const report = JSON.parse(stdout);
    // A CI runner is a desktop or VM on AC; its network is wired or Wi-Fi, never unknown.
    expect(['ac', 'ups']).toContain(report.facts.power.source);
    expect(['wifi', 'ethernet', 'other']).toContain(report.facts.network.kind);
    expect(report.facts.network.interface).toMatch(/^[a-z]+\d+$/);
  });
});
