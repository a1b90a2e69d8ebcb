import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDaemon } from '../../../src/runner/daemon/run-daemon.js';
import { readStatusFile } from '../../../src/runner/daemon/status-file.js';
import { parseLockOwner } from '../../../src/runner/daemon/lock-owner.js';
import { keepaliveEvents, standInEnv, waitFor } from '../../keepalive/helpers.js';
import { openWindowConfig } from './daemon-config.js';

function setup() {
  const home = mkdtempSync(join(tmpdir(), 'overnight-run-'));
  const log = join(home, 'keepalive.log');
  const env = { ...standInEnv(log), OVERNIGHT_HOME: home };
  const proc = new EventEmitter() as EventEmitter & NodeJS.Process;
  const stderr = new PassThrough();
  let errText = '';
  stderr.on('data', (chunk) => (errText += String(chunk)));
  return { home, log, env, proc, stderr, errText: () => errText };
}

describe('runDaemon (overnight run, in process)', () => {
  it('holds the assertion in an open window and, on SIGTERM, releases it, records the stop, frees the lock and resolves 0', async () => {
    const s = setup();
    const done = runDaemon({ config: openWindowConfig('1h'), mode: 'record', env: s.env, proc: s.proc, stderr: s.stderr });
    const statusFile = join(s.home, 'data', 'daemon-status.json');
    await waitFor(() => readStatusFile(statusFile)?.assertion.held === true, 'the daemon to hold the assertion');
    await waitFor(() => keepaliveEvents(s.log).length === 1, 'the stand-in to start');
    expect(parseLockOwner(readFileSync(join(s.home, 'data', 'daemon.lock'), 'utf8'))?.pid).toBe(process.pid);

    s.proc.emit('SIGTERM', 'SIGTERM');
    expect(await done).toBe(0);
    expect(keepaliveEvents(s.log).map((event) => `${event.what} ${event.what === 'end' ? event.rest : ''}`.trim())).toEqual(['start', 'end TERM']);
    expect(readStatusFile(statusFile)).toMatchObject({ state: 'stopped', assertion: { held: false } });
    expect(existsSync(join(s.home, 'data', 'daemon.lock'))).toBe(false);
    const logLines = readFileSync(join(s.home, 'logs', 'current.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(logLines.map((line) => line.msg)).toContain('received SIGTERM');
    expect(logLines.at(-1)).toMatchObject({ event: 'stopped', reason: 'SIGTERM' });
  });

  it('exits 1 naming the pid when another runner holds the state dir', async () => {
    const s = setup();
    mkdirSync(join(s.home, 'data'), { recursive: true });
    writeFileSync(join(s.home, 'data', 'daemon.lock'), `${process.ppid}\n`);
    expect(await runDaemon({ config: openWindowConfig('1h'), mode: 'record', env: s.env, proc: s.proc, stderr: s.stderr })).toBe(1);
    expect(s.errText()).toContain(`another overnight runner (pid ${process.ppid}) is already running`);
    expect(keepaliveEvents(s.log)).toEqual([]);
  });

  it('a runner that cannot start says why in current.log, not only on stderr', async () => {
    const s = setup();
    const config = openWindowConfig('1h');
    // No token where the runner starts: it cannot start, and says so where people look.
    const env: NodeJS.ProcessEnv = { ...s.env };
    delete env.GITHUB_TOKEN;
    delete env.GH_TOKEN;
    await expect(runDaemon({ config, env, proc: s.proc, stderr: s.stderr })).rejects.toThrow();
    const logLines = readFileSync(join(s.home, 'logs', 'current.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(logLines.at(-1)).toMatchObject({ level: 50, msg: expect.stringMatching(/^the runner could not start: /) });
    expect(existsSync(join(s.home, 'data', 'daemon.lock'))).toBe(false);
  });

  it('starts when the clone is missing, saying why no session can run, instead of exiting to be restarted forever', async () => {
    const s = setup();
    const config = openWindowConfig('1h');
    const done = runDaemon({ config, env: { ...s.env, GITHUB_TOKEN: 'test-token-0123456789' }, proc: s.proc, stderr: s.stderr });
    const statusFile = join(s.home, 'data', 'daemon-status.json');
    await waitFor(() => readStatusFile(statusFile)?.state === 'open', 'the daemon to start');
    s.proc.emit('SIGTERM', 'SIGTERM');
    expect(await done).toBe(0);
    const logLines = readFileSync(join(s.home, 'logs', 'current.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { msg: string; level: number });
    const warning = logLines.find((line) => line.msg.startsWith('not ready for a session: '));
    expect(warning?.msg).toContain(`repo.path ${config.repo.path} does not exist: set it to your clone of the repository`);
    expect(warning?.level).toBe(40);
  });
});
