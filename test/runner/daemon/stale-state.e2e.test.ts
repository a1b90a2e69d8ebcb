import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compiledCli } from '../../e2e/helpers/compiled-cli.js';
import { isProcessAlive } from '../../../src/runner/daemon/lock.js';
import { processStart } from '../../../src/runner/daemon/process-start.js';
import { openStore } from '../../../src/runner/store/index.js';
import { standInEnv, waitFor } from '../../keepalive/helpers.js';

// The test build of src/ (test/setup/compile-cli.ts), started through the shipped launcher.
const BIN = compiledCli();

function overnight(args: string[], env: NodeJS.ProcessEnv): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  return Object.assign(child, { output: () => output });
}

const exitOf = (child: ChildProcess) =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

const others: ChildProcess[] = [];
afterEach(() => {
  for (const child of others.splice(0)) child.kill('SIGKILL');
});

/**
 * A machine after a power loss: a real clone, a config whose window is hours away, random bytes
 * where state.db was, and a lock naming a pid that a later, unrelated process (a `sleep`) now has.
 */
function afterPowerLoss() {
  const home = mkdtempSync(join(tmpdir(), 'overnight-stale-'));
  const repo = join(home, 'repo');
  execFileSync('git', ['init', '-q', '--bare', join(home, 'origin.git')]);
  execFileSync('git', ['init', '-q', repo]);
  execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', join(home, 'origin.git')]);
  const opens = new Date(Date.now() + 6 * 3_600_000).toISOString().slice(11, 16);
  const closes = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(11, 16);
  const config = join(home, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      repo: { path: repo, github: 'octo/repo' },
      // A closed port: an idle daemon makes no request, and recovery finds nothing to push.
      github: { apiUrl: 'http://127.0.0.1:9' },
      schedule: { timezone: 'UTC', window: { start: opens, end: closes }, every: '30m' },
    }),
  );
  const data = join(home, 'data');
  mkdirSync(data, { recursive: true });
  const damaged = randomBytes(8192);
  writeFileSync(join(data, 'state.db'), damaged);
  const foreign = spawn('sleep', ['60'], { stdio: 'ignore' });
  others.push(foreign);
  const before = { key: 'linux:an-earlier-boot:4242', at: '2026-11-27T23:00:00.000Z' };
  writeFileSync(join(data, 'daemon.lock'), `${JSON.stringify({ pid: foreign.pid, host: hostname(), start: before })}\n`);
  const env = { ...standInEnv(join(home, 'keepalive.log')), OVERNIGHT_HOME: home, GITHUB_TOKEN: 'test-token' };
  return { home, config, data, damaged, foreign, env };
}

const logLines = (home: string) =>
  existsSync(join(home, 'logs', 'current.log'))
    ? readFileSync(join(home, 'logs', 'current.log'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>)
    : [];

describe('`overnight run` after a power loss', () => {
  it.runIf(process.platform === 'linux' || process.platform === 'darwin')(
    'takes over a stale lock with a live foreign pid, moves a corrupt state.db aside, says both, and stops cleanly',
    async () => {
      const s = afterPowerLoss();
      expect(processStart(s.foreign.pid!)).toBeDefined();

      const runner = overnight(['run', '--config', s.config], s.env);
      await waitFor(() => existsSync(join(s.data, 'daemon-status.json')) || runner.exitCode !== null, 'the daemon to start', 20_000);
      expect(runner.exitCode, runner.output()).toBeNull();

      const lines = logLines(s.home);
      const tookOver = lines.find((line) => String(line.msg).startsWith('took over a stale lock'));
      expect(tookOver?.msg).toContain(`pid ${s.foreign.pid} is alive but started at`);
      expect(tookOver?.msg).toContain('not at 2026-11-27T23:00:00.000Z as the lock records: the pid was reused after the runner ended');
      const corrupt = lines.filter((line) => String(line.msg).startsWith('the state database was corrupt'));
      expect(corrupt).toHaveLength(1);
      const movedTo = corrupt[0]!.movedTo as string;
      expect(corrupt[0]!.msg).toBe(`the state database was corrupt (file is not a database, SQLITE_NOTADB); moved it to ${movedTo} and started a fresh one`);
      expect(readFileSync(movedTo)).toStrictEqual(s.damaged);
      // The foreign process was never signalled.
      expect(isProcessAlive(s.foreign.pid!)).toBe(true);

      const status = overnight(['status', '--config', s.config], s.env);
      expect(await exitOf(status)).toBe(0);
      expect(status.output()).toContain(`daemon:    running (pid ${runner.pid}`);
      expect(status.output()).toContain(`state:     the state database was corrupt and was moved to ${movedTo}`);

      runner.kill('SIGTERM');
      expect(await exitOf(runner)).toBe(0);
      expect(logLines(s.home).map((line) => line.msg)).toContain('state database checkpointed');
      expect(existsSync(join(s.data, 'daemon.lock'))).toBe(false);
      expect(openStore(join(s.data, 'state.db'), { readonly: true }).nights()).toStrictEqual([]);
      // Started again, it finds nothing wrong: the corruption is reported once, not at every start.
      const again = overnight(['run', '--config', s.config], s.env);
      await waitFor(() => logLines(s.home).filter((line) => line.msg === 'overnight runner is running; SIGINT or SIGTERM stops it').length === 2, 'the second start', 20_000);
      again.kill('SIGTERM');
      expect(await exitOf(again)).toBe(0);
      expect(logLines(s.home).filter((line) => String(line.msg).startsWith('the state database was corrupt'))).toHaveLength(1);
    },
    60_000,
  );

  it('`overnight report` on a corrupt state.db moves nothing, exits 1 and says how to fix it', async () => {
    const s = afterPowerLoss();
    const report = overnight(['report', '--config', s.config], s.env);
    expect(await exitOf(report)).toBe(1);
    expect(report.output()).toContain(`the state database ${join(s.data, 'state.db')} is corrupt (file is not a database, SQLITE_NOTADB). Start the runner`);
    expect(readFileSync(join(s.data, 'state.db'))).toStrictEqual(s.damaged);
  });
});
