import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSleepAssertion, type SleepAssertion } from '../../src/keepalive/assertion.js';
import { isGroupAlive, keepaliveEvents, memoryLogger, standInEnv, waitFor } from './helpers.js';

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

  it('reports a tool that fails at once (no logind) as not held, with its stderr', async () => {
    const bin = join(dir, 'bin');
    const failing = join(bin, 'systemd-inhibit');
    mkdirSync(bin);
    writeFileSync(failing, '#!/bin/sh\necho "Failed to inhibit: Access denied" >&2\nexit 1\n');
    chmodSync(failing, 0o755);
    const { assertion, lines } = assertionFor('linux', { env: { PATH: `${bin}:/usr/bin:/bin` } });
    await assertion.hold('a');
    await waitFor(() => !assertion.held, 'the failure to be noticed');
    const warning = lines().find((line) => line.level === 40);
    expect(warning).toMatchObject({ code: 1, stderr: 'Failed to inhibit: Access denied' });
  });
});
