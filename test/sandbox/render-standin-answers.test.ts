import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIpconfigSummary } from '../../src/constraints/parse/parse-ipconfig-summary.js';
import { parseNetworksetupPorts } from '../../src/constraints/parse/parse-networksetup-ports.js';
import { parsePmsetBatt } from '../../src/constraints/parse/parse-pmset-batt.js';
import { parseRouteGet } from '../../src/constraints/parse/parse-route-get.js';
import { machineFactsSchema } from '../../src/sandbox/standins/machine-facts.js';
import {
  renderIpconfigSummary,
  renderNetworksetupPorts,
  renderPmsetBatt,
  renderRouteGetDefault,
} from '../../src/sandbox/standins/render-answers.js';
import { STANDIN_PORTS, standinFacts } from '../../src/sandbox/standins/standin-facts.js';
import { STANDIN_COMMANDS, STANDIN_QUERIES } from '../../src/sandbox/standins/standin-queries.js';

const darwin = (name: string) => readFileSync(new URL(`../fixtures/constraints/darwin/${name}`, import.meta.url), 'utf8');
const facts = (kind: 'wifi' | 'ethernet' | 'iphone-hotspot' | 'iphone-usb' | 'android-hotspot' | 'none', ssid = 'SandboxNet') =>
  standinFacts(machineFactsSchema.parse({ network: { kind, ssid } }));

describe('pmset -g batt', () => {
  it('prints a real capture\'s lines, with the facts\' source and percentage', () => {
    const real = darwin('pmset-ac-charged.txt').replace('id=3735651', 'id=4653155').replace('97%', '100%');
    expect(renderPmsetBatt({ source: 'ac', percent: 100 })).toStrictEqual({ stdout: real, stderr: '', exitCode: 0 });
    expect(renderPmsetBatt({ source: 'battery', percent: 57 }).stdout).toBe(
      "Now drawing from 'Battery Power'\n -InternalBattery-0 (id=4653155)\t57%; discharging; 4:45 remaining present: true\n",
    );
  });

  it('reads back, through the constraint parser, as the facts it was rendered from', () => {
    fc.assert(
      fc.property(fc.constantFrom('ac' as const, 'battery' as const), fc.integer({ min: 0, max: 100 }), (source, percent) => {
        const parsed = parsePmsetBatt(renderPmsetBatt({ source, percent }).stdout);
        const charging = source === 'ac' && percent < 100;
        expect(parsed).toStrictEqual({ source, percent, charging, state: source === 'battery' ? 'discharging' : charging ? 'charging' : 'charged' });
      }),
    );
  });
});

describe('route -n get default', () => {
  it('prints the real capture\'s table for the facts\' gateway and interface', () => {
    const network = { ...facts('wifi').network, router: '10.62.96.1' };
    expect(renderRouteGetDefault(network)).toStrictEqual({ stdout: darwin('route-get-default-en0.txt'), stderr: '', exitCode: 0 });
  });

  it('fails as route(8) does when there is no default route', () => {
    const answer = renderRouteGetDefault(facts('none').network);
    expect(answer).toStrictEqual({ stdout: '', stderr: darwin('route-not-in-table.txt'), exitCode: 1 });
    expect(parseRouteGet(answer.stderr)).toBeNull();
  });
});

describe('networksetup -listallhardwareports', () => {
  it('lists the ports in the real capture\'s blocks, between a blank line and the VLAN section', () => {
    const { stdout } = renderNetworksetupPorts(STANDIN_PORTS);
    const realBlocks = darwin('networksetup-wifi-iphone-usb-bluetooth-pan.txt').split('\n\n').slice(0, 2).join('\n\n');
    expect(stdout.startsWith(`\n${realBlocks}\n\n`)).toBe(true);
    expect(stdout.endsWith('\nVLAN Configurations\n===================\n')).toBe(true);
    expect(parseNetworksetupPorts(stdout)).toStrictEqual(new Map(STANDIN_PORTS.map((port) => [port.device, port.port])));
  });
});

describe('ipconfig getsummary', () => {
  it('ends an active Wi-Fi summary the way the real capture does, with the SSID unredacted', () => {
    const { stdout } = renderIpconfigSummary(facts('wifi', 'Home'), 'en0');
    const realTail = darwin('ipconfig-getsummary-wifi-redacted.txt').split('\n').slice(2).join('\n');
    expect(stdout.endsWith(realTail.replace('NetworkID : <redacted>', 'NetworkID : 5C6D8A1E-2B7F-4E0A-9C3D-1F2E3A4B5C6D').replace('SSID : <redacted>', 'SSID : Home'))).toBe(true);
  });

  it.each([
    ['wifi', 'en0', { interfaceType: 'WiFi', ssid: 'SandboxNet', router: '192.168.1.1', androidMetered: false }],
    ['iphone-hotspot', 'en0', { interfaceType: 'WiFi', ssid: 'SandboxNet', router: '172.20.10.1', androidMetered: false }],
    ['android-hotspot', 'en0', { interfaceType: 'WiFi', ssid: 'SandboxNet', router: '192.168.43.1', androidMetered: true }],
    ['iphone-usb', 'en5', { interfaceType: 'Ethernet', ssid: null, router: '172.20.10.1', androidMetered: false }],
    ['ethernet', 'en7', { interfaceType: 'Ethernet', ssid: null, router: '192.168.1.1', androidMetered: false }],
    ['ethernet', 'en0', { interfaceType: 'WiFi', ssid: null, router: null, androidMetered: false }],
  ] as const)('on %s, reads back for %s as the network it describes', (kind, device, expected) => {
    const { stdout } = renderIpconfigSummary(facts(kind), device);
    expect(parseIpconfigSummary(stdout)).toStrictEqual(expected);
    expect(stdout).toContain(`LinkStatusActive : ${facts(kind).network.interface === device ? 'TRUE' : 'FALSE'}\n`);
  });
});

describe('the stand-ins\' questions', () => {
  it('give every command at least one question, each with its own answer file and spellings', () => {
    expect(new Set(STANDIN_QUERIES.map((query) => query.command))).toStrictEqual(new Set(STANDIN_COMMANDS));
    const files = STANDIN_QUERIES.map((query) => query.file);
    expect(new Set(files).size).toBe(files.length);
    for (const command of STANDIN_COMMANDS) {
      const spellings = STANDIN_QUERIES.filter((query) => query.command === command).flatMap((query) => query.args);
      expect(new Set(spellings).size).toBe(spellings.length);
    }
    expect(files.every((file) => /^[a-z0-9-]+$/.test(file))).toBe(true);
  });
});
