import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { readStatusFile } from '../../../src/runner/daemon/status-file.js';
import { isGroupAlive, keepaliveEvents, standInEnv, waitFor } from '../../keepalive/helpers.js';
import { openWindowInput } from './daemon-config.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
// Compiled apart from lib/ so this test never races `npm run build`; inside node_modules so the
// compiled files resolve the installed packages.
const LIB = join(ROOT, 'node_modules', '.cache', 'overnight-daemon-test', 'lib');
const LAUNCHER = join(ROOT, 'test', 'fixtures', 'keepalive', 'overnight-cli.mjs');

beforeAll(async () => {
  // tsc exits non-zero when any file has a type error but still emits; what matters is the output.
  await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', LIB]).catch(() => undefined);
  if (!existsSync(join(LIB, 'cli', 'main.js'))) throw new Error(`compiling src/ to ${LIB} produced no cli/main.js`);
}, 240_000);

function overnight(args: string[], env: NodeJS.ProcessEnv): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [LAUNCHER, LIB, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
    const env = { ...standInEnv(keepaliveLog), OVERNIGHT_HOME: home };
    const config = join(home, 'config.json');
    writeFileSync(config, JSON.stringify(openWindowInput('1s')));

    const runner = overnight(['run', '--dry-run', '--config', config], env);
    const ticksFile = join(home, 'data', 'ticks.jsonl');
    const ticks = () => (existsSync(ticksFile) ? readFileSync(ticksFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line)) : []);
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
    const runner = overnight(['run', '--dry-run', '--config', config], { ...process.env, OVERNIGHT_HOME: home });
    expect(await exitOf(runner)).toBe(2);
    expect(runner.output()).toContain('schedule.window.start');
  });
});
