import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDeps } from '../../src/constraints/default-deps.js';
import { parsePmsetBatt } from '../../src/constraints/parse/parse-pmset-batt.js';
import { parseRouteGet } from '../../src/constraints/parse/parse-route-get.js';
import { probeNetwork } from '../../src/constraints/probe-network.js';
import { probePower } from '../../src/constraints/probe-power.js';
import { machineFactsSchema } from '../../src/sandbox/standins/machine-facts.js';
import { STANDIN_COMMANDS } from '../../src/sandbox/standins/standin-queries.js';
import { installStandins } from '../../src/sandbox/standins/standins-dir.js';
import { startSandbox, type Started } from './helpers.js';

let started: Started;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  started = await startSandbox();
  env = { ...process.env, PATH: `${started.sandbox.standinsDir()}:${process.env.PATH ?? ''}`, OVERNIGHT_PLATFORM: 'darwin' };
});
afterAll(() => started.cleanup());

const run = async (command: string, ...args: string[]) => execa(command, args, { env, reject: false });
// The constraint engine's own darwin probes, run through the real exec against the stand-ins.
const deps = () => defaultDeps({ env });

describe('sandbox constraint stand-ins (macOS formats, from the sandbox facts)', () => {
  it('start as a plugged-in Mac on Wi-Fi', async () => {
    expect(started.sandbox.facts()).toStrictEqual({ power: { source: 'ac', percent: 100 }, network: { kind: 'wifi', ssid: 'SandboxNet' } });
    const pmset = await run('pmset', '-g', 'batt');
    expect(pmset.stdout).toMatch(/^Now drawing from 'AC Power'\n -InternalBattery-0 \(id=\d+\)\t100%; charged; 0:00 remaining present: true$/);
    expect(await probePower(deps(), 2000)).toStrictEqual({ known: true, value: { source: 'ac', percent: 100, charging: false, state: 'charged' } });
    expect(await probeNetwork(deps(), [], 2000)).toMatchObject({ known: true, value: { interface: 'en0', kind: 'wifi', metered: false, ssid: 'SandboxNet' } });
  });

  it('report battery power when the facts say so', async () => {
    await started.sandbox.setFacts({ power: { source: 'battery', percent: 83 } });
    const pmset = await run('pmset', '-g', 'batt');
    expect(parsePmsetBatt(pmset.stdout)).toStrictEqual({ source: 'battery', percent: 83, charging: false, state: 'discharging' });
    expect(await probePower(deps(), 2000)).toMatchObject({ known: true, value: { source: 'battery', percent: 83 } });
    await started.sandbox.setFacts({ power: { source: 'ac', percent: 64 } });
    expect(parsePmsetBatt((await run('pmset', '-g', 'batt')).stdout)).toMatchObject({ source: 'ac', percent: 64, charging: true });
  });

  it('report each network kind the way a Mac on it would', async () => {
    const cases = [
      { kind: 'ethernet', expected: { interface: 'en7', kind: 'ethernet', metered: false } },
      { kind: 'iphone-hotspot', expected: { interface: 'en0', kind: 'hotspot', metered: true } },
      { kind: 'iphone-usb', expected: { interface: 'en5', kind: 'hotspot', metered: true } },
      { kind: 'android-hotspot', expected: { interface: 'en0', kind: 'hotspot', metered: true } },
      { kind: 'none', expected: { interface: null, kind: 'none' } },
    ] as const;
    for (const { kind, expected } of cases) {
      await started.sandbox.setFacts({ network: { kind } });
      expect({ kind, reading: await probeNetwork(deps(), [], 2000) }).toMatchObject({ kind, reading: { known: true, value: expected } });
    }
  });

  it('print route(8)\'s "not in table" with no default route, and the gateway otherwise', async () => {
    await started.sandbox.setFacts({ network: { kind: 'none' } });
    const none = await run('route', '-n', 'get', 'default');
    expect(none.exitCode).toBe(1);
    expect(parseRouteGet(none.stderr)).toBeNull();
    await started.sandbox.setFacts({ network: { kind: 'iphone-hotspot', ssid: 'My iPhone' } });
    expect(parseRouteGet((await run('route', '-n', 'get', 'default')).stdout)).toStrictEqual({ interface: 'en0', gateway: '172.20.10.1' });
    expect((await run('ipconfig', 'getsummary', 'en0')).stdout).toContain('  SSID : My iPhone\n');
  });

  it('refuse arguments they do not answer, saying so', async () => {
    const refusals = {
      pmset: ['-g', 'assertions'],
      route: ['-n', 'get', '10.0.0.1'],
      networksetup: ['-getairportnetwork', 'en0'],
      ipconfig: ['getsummary', 'en9'],
    } as const;
    const usage = { pmset: '"-g batt"', route: '"-n get default"', networksetup: '"-listallhardwareports"', ipconfig: '"getsummary <interface>" for en0, en5' };
    for (const command of STANDIN_COMMANDS) {
      const result = await run(command, ...refusals[command]);
      expect({ command, exitCode: result.exitCode, stdout: result.stdout }).toStrictEqual({ command, exitCode: 1, stdout: '' });
      expect(result.stderr).toContain(`${command} (overnight sandbox stand-in): only ${usage[command]}`);
      expect(result.stderr).toContain(`is answered, not "${refusals[command].join(' ')}"`);
    }
  });

  it('answer the other spellings of the same question', async () => {
    await started.sandbox.setFacts({ network: { kind: 'ethernet' }, power: { source: 'battery', percent: 50 } });
    for (const args of [['get', 'default'], ['get', '0'], ['-n', 'get', '0']]) {
      expect(parseRouteGet((await run('route', ...args)).stdout)).toStrictEqual({ interface: 'en7', gateway: '192.168.1.1' });
    }
    expect((await run('pmset', '-g', 'ps')).stdout).toBe((await run('pmset', '-g', 'batt')).stdout);
  });

  it('are /bin/sh scripts the sandbox wrote, reading only the answers it rendered', async () => {
    for (const command of STANDIN_COMMANDS) {
      const script = await readFile(join(started.sandbox.standinsDir(), command), 'utf8');
      expect(script.startsWith('#!/bin/sh\n')).toBe(true);
      expect(script).not.toMatch(/\bnode\b|src\/sandbox/);
    }
  });

  it('end up with the last of several overlapping fact changes, keeping only two answer versions', async () => {
    const percents = [11, 22, 33, 44, 55, 66];
    await Promise.all(percents.map((percent) => started.sandbox.setFacts({ power: { source: 'battery', percent } })));
    expect(parsePmsetBatt((await run('pmset', '-g', 'batt')).stdout)).toMatchObject({ source: 'battery', percent: 66 });
    const versions = (await readdir(join(started.dir, 'standin-answers'))).filter((name) => name !== 'current');
    expect(versions).toHaveLength(2);
  });

  it('accept fact changes only in the documented shape', async () => {
    await expect(started.sandbox.setFacts({ power: { percent: 101 } })).rejects.toThrow();
    await expect(started.sandbox.setFacts({ network: { kind: 'satellite' as never } })).rejects.toThrow();
  });
});

describe('stand-ins installed by hand', () => {
  it('work from a directory whose path has spaces and quotes in it, and can be installed again', async () => {
    const base = await mkdtemp(join(tmpdir(), "overnight stand-ins 'quoted' "));
    try {
      const layout = { binDir: join(base, 'bin'), answersDir: join(base, "it's answers") };
      await installStandins(layout, machineFactsSchema.parse({ network: { kind: 'android-hotspot', ssid: 'Pixel $HOME' } }));
      const summary = await execa(join(layout.binDir, 'ipconfig'), ['getsummary', 'en0']);
      expect(summary.stdout).toContain('  SSID : Pixel $HOME\n');
      expect(summary.stdout).toContain('VendorSpecific : ANDROID_METERED');
      // A sandbox started again in the same directory starts over from its own facts.
      await installStandins(layout, machineFactsSchema.parse({ power: { source: 'battery', percent: 9 } }));
      expect(parsePmsetBatt((await execa(join(layout.binDir, 'pmset'), ['-g', 'batt'])).stdout)).toMatchObject({ source: 'battery', percent: 9 });
      expect((await readdir(layout.answersDir)).sort()).toStrictEqual(['current', 'v1']);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
