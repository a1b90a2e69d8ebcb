import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSleepAssertion, type SleepAssertion } from '../../src/keepalive/assertion.js';
import { groupCommands, isGroupAlive, keepaliveEvents, memoryLogger, STAND_INS, standInEnv, waitFor } from './helpers.js';

let dir: string;
let log: string;
const held: SleepAssertion[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'overnight-assertion-'));
  log = join(dir, 'keepalive.log');
});
afterEach(async () => {
  await Promise.all(held.splice(0).map((assertion) => assertion.release()));
  rmSync(dir, { recursive: true, force: true });
});

function assertionFor(platform: NodeJS.Platform, options: { pid?: number; env?: NodeJS.ProcessEnv } = {}) {
  const { logger, lines } = memoryLogger();
  const assertion = createSleepAssertion({ platform, env: options.env ?? standInEnv(log), logger, pollSeconds: 0.1, ...(options.pid ? { pid: options.pid } : {}) });
  held.push(assertion);
  return { assertion, lines };
}

describe('sleep assertion on macOS (caffeinate)', () => {
  it('runs `caffeinate -i -s -w <runner pid>` once while held and ends it on release', async () => {
    const { assertion } = assertionFor('darwin');
    expect(assertion.tool).toBe('caffeinate');
    expect(await assertion.hold('window open')).toBe(true);
    expect(await assertion.hold('window open')).toBe(true);
    await waitFor(() => keepaliveEvents(log).length === 1, 'caffeinate to start');
    const [started] = keepaliveEvents(log);
    expect(started).toMatchObject({ what: 'start', tool: 'caffeinate', rest: `-i -s -w ${process.pid}` });
    expect(assertion.held).toBe(true);

    await assertion.release();
    expect(assertion.held).toBe(false);
    await waitFor(() => !isGroupAlive(started!.pid), 'caffeinate and its children to be gone', 2_000);
    expect(keepaliveEvents(log).map((event) => `${event.what} ${event.rest}`)).toEqual([`start -i -s -w ${process.pid}`, 'end TERM']);
  });

  it('ends by itself when the runner is SIGKILLed (the real -w <pid> mechanism)', async () => {
    const runner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const { assertion } = assertionFor('darwin', { pid: runner.pid! });
    await assertion.hold('window open');
    await waitFor(() => keepaliveEvents(log).length === 1, 'caffeinate to start');
    runner.kill('SIGKILL');
    await waitFor(() => keepaliveEvents(log).some((event) => event.what === 'end'), 'caffeinate to notice the runner is gone');
    expect(keepaliveEvents(log).at(-1)).toMatchObject({ what: 'end', rest: 'pid-gone' });
    await waitFor(() => !assertion.held, 'the assertion to be reported lost');
  });
});

describe('sleep assertion on Linux (systemd-inhibit)', () => {
  it('blocks sleep and idle around a watcher of the runner pid, and release ends the whole group', async () => {
    const { assertion } = assertionFor('linux');
    expect(assertion.tool).toBe('systemd-inhibit');
    await assertion.hold('overnight window open');
    await waitFor(() => keepaliveEvents(log).length === 1, 'systemd-inhibit to start');
    const [started] = keepaliveEvents(log);
    expect(started!.rest).toBe(
      `--what=sleep:idle --who=overnight --why=overnight window open --mode=block sh -c while kill -0 "$0" 2>/dev/null; do sleep 0.1; done ${process.pid}`,
    );
    // Until the watcher has exec'd it is still a fork of the stand-in shell, whose TERM trap would
    // swallow the group's signal and leave the watcher running.
    await waitFor(() => groupCommands(started!.pid).some((command) => command.startsWith('sh -c while kill -0')), 'the watcher shell to run');
    await assertion.release();
    // The group includes the watcher shell, which systemd-inhibit would not stop by itself.
    await waitFor(() => !isGroupAlive(started!.pid), 'the watcher shell to be gone', 2_000);
    expect(keepaliveEvents(log).at(-1)).toMatchObject({ what: 'end', rest: 'TERM' });
  });

  it('ends by itself when the runner is SIGKILLed: the watcher exits and systemd-inhibit with it', async () => {
    const runner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const { assertion, lines } = assertionFor('linux', { pid: runner.pid! });
    await assertion.hold('window open');
    await waitFor(() => keepaliveEvents(log).length === 1, 'systemd-inhibit to start');
    runner.kill('SIGKILL');
    await waitFor(() => keepaliveEvents(log).some((event) => event.what === 'end'), 'the watcher to notice the runner is gone');
    expect(keepaliveEvents(log).at(-1)).toMatchObject({ what: 'end', rest: 'child-exited' });
    await waitFor(() => !assertion.held, 'the assertion to be reported lost');
    expect(lines().some((line) => String(line.msg).includes('exited on its own'))).toBe(true);
  });
});

describe('without a tool', () => {
  it('warns once and holds nothing when systemd-inhibit is not on PATH', async () => {
    const { assertion, lines } = assertionFor('linux', { env: { PATH: dir, KEEPALIVE_LOG: log } });
    expect(assertion.tool).toBeUndefined();
    expect(await assertion.hold('a')).toBe(false);
    expect(await assertion.hold('b')).toBe(false);
    await assertion.release();
    expect(assertion.held).toBe(false);
    const warnings = lines().filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toBe('systemd-inhibit was not found on PATH: the machine may sleep while the window is open');
  });

  it('warns on a platform with no known tool', async () => {
    const { assertion, lines } = assertionFor('win32');
    expect(await assertion.hold('a')).toBe(false);
    expect(lines().map((line) => line.msg)).toEqual(['no sleep assertion tool is known on win32: the machine may sleep while the window is open']);
  });

  it('gives up on a tool that fails at once (no system bus): one warning with its error, no retries', async () => {
    const { assertion, lines } = assertionFor('linux', { env: standInEnv(log, join(STAND_INS, 'no-bus')) });
    expect(assertion.tool).toBe('systemd-inhibit');
    expect(await assertion.hold('window open')).toBe(true);
    await waitFor(() => !assertion.held, 'the failure to be noticed');
    expect(assertion.tool).toBeUndefined();
    // The daemon asks again at every tick of an open window.
    expect(await assertion.hold('window open')).toBe(false);
    expect(await assertion.hold('cycle running')).toBe(false);
    await assertion.release();
    expect(assertion.held).toBe(false);
    expect(keepaliveEvents(log).map((event) => event.what)).toEqual(['start']);
    const warnings = lines().filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      tool: 'systemd-inhibit',
      code: 1,
      stderr: 'Failed to connect to bus: No such file or directory',
      msg: 'systemd-inhibit failed (exit 1: Failed to connect to bus: No such file or directory): no sleep assertion until the daemon restarts; the machine may sleep while the window is open',
    });
  });

  it('gives up on a tool that cannot be started at all, with one warning', async () => {
    const bin = join(dir, 'bin');
    const broken = join(bin, 'caffeinate');
    mkdirSync(bin);
    writeFileSync(broken, '#!/nonexistent/interpreter\n');
    chmodSync(broken, 0o755);
    const { assertion, lines } = assertionFor('darwin', { env: { PATH: `${bin}:/usr/bin:/bin` } });
    expect(await assertion.hold('a')).toBe(false);
    expect(await assertion.hold('b')).toBe(false);
    expect(assertion.tool).toBeUndefined();
    const warnings = lines().filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/^caffeinate could not be started \(spawn .*caffeinate ENOENT\): no sleep assertion until the daemon restarts/);
  });

  it('takes the assertion again after the tool ended cleanly on its own', async () => {
    const runner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const { assertion } = assertionFor('darwin', { pid: runner.pid! });
    await assertion.hold('window open');
    runner.kill('SIGKILL');
    await waitFor(() => !assertion.held, 'caffeinate to notice the runner is gone');
    expect(assertion.tool).toBe('caffeinate');
    expect(await assertion.hold('window open')).toBe(true);
    await waitFor(() => keepaliveEvents(log).filter((event) => event.what === 'start').length === 2, 'caffeinate to start again');
  });
});
