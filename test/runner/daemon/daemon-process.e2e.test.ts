import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compiledCli } from '../../e2e/helpers/compiled-cli.js';
import { readStatusFile } from '../../../src/runner/daemon/status-file.js';
import { isGroupAlive, keepaliveEvents, standInEnv, waitFor } from '../../keepalive/helpers.js';
import { openWindowInput } from './daemon-config.js';

// The test build of src/ (test/setup/compile-cli.ts), started through the shipped launcher.
const BIN = compiledCli();

function overnight(args: string[], env: NodeJS.ProcessEnv): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  return Object.assign(child, { output: () => output });
}

const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('`overnight run` as a real process', () => {
  it('runs its ticks in an open window, refuses a second runner, and exits 0 on SIGTERM with nothing left running', async () => {
    const home = mkdtempSync(join(tmpdir(), 'overnight-proc-'));
    const keepaliveLog = join(home, 'keepalive.log');
    const env = { ...standInEnv(keepaliveLog), OVERNIGHT_HOME: home, OVERNIGHT_TICK_FLOOR: '1s' };
    const config = join(home, 'config.json');
    writeFileSync(config, JSON.stringify(openWindowInput('1s')));

    const runner = overnight(['run', '--dry-run', '--config', config], env);
    const ticksFile = join(home, 'data', 'ticks.jsonl');
    const ticks = () => (existsSync(ticksFile) ? readFileSync(ticksFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : []);
    await waitFor(() => ticks().length >= 2, 'two ticks to be recorded', 15_000);
    expect(keepaliveEvents(keepaliveLog).filter((event) => event.what === 'start')).toHaveLength(1);
    const [first, second] = ticks();
    expect(Date.parse(second.scheduledAt) - Date.parse(first.scheduledAt)).toBe(1_000);
    expect(first).toMatchObject({ catchUp: false });

    const second_runner = overnight(['run', '--dry-run', '--config', config], env);
    expect(await exitOf(second_runner)).toBe(1);
    expect(second_runner.output()).toContain(`another overnight runner (pid ${runner.pid}) is already running`);

    const exited = exitOf(runner);
    runner.kill('SIGTERM');
    expect(await exited).toBe(0);
    const standIn = keepaliveEvents(keepaliveLog);
    expect(standIn.map((event) => event.what)).toEqual(['start', 'end']);
    await waitFor(() => !isGroupAlive(standIn[0]!.pid), 'the assertion process group to be gone', 2_000);
    expect(existsSync(join(home, 'data', 'daemon.lock'))).toBe(false);
    expect(readStatusFile(join(home, 'data', 'daemon-status.json'))).toMatchObject({ state: 'stopped', assertion: { held: false }, lastCycle: { outcome: 'recorded' } });

    const status = overnight(['status', '--config', config, '--json'], env);
    expect(await exitOf(status)).toBe(0);
    expect(JSON.parse(status.output())).toMatchObject({ daemon: { running: false }, window: { open: true }, assertion: { held: false }, lastCycle: { outcome: 'recorded' } });
  }, 60_000);

  it('exits 2 naming the field on a bad config', async () => {
    const home = mkdtempSync(join(tmpdir(), 'overnight-proc-'));
    const config = join(home, 'config.json');
    writeFileSync(config, JSON.stringify({ ...openWindowInput('1s'), schedule: { window: { start: '25:00', end: '02:00' }, every: '30m' } }));
    const runner = overnight(['run', '--dry-run', '--config', config], { ...process.env, OVERNIGHT_HOME: home, OVERNIGHT_TICK_FLOOR: '1s' });
    expect(await exitOf(runner)).toBe(2);
    expect(runner.output()).toContain('schedule.window.start');
  });
});
