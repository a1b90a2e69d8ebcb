import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../../src/platform/wait-until.js';
import { createRedactor } from '../../../src/runner/process/redact.js';
import { killProcessGroup, processGroupAlive, runAgent } from '../../../src/runner/process/run-agent.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'agents');
const fixture = (name: string) => join(FIXTURES, name);
const redact = createRedactor([]);

/** A pid names a live process (not a zombie waiting for a reaper). */
function isLive(pid: number): boolean {
  try {
    const state = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return state !== '' && !state.startsWith('Z');
  } catch {
    return false; // ps exits 1 when the pid does not exist
  }
}

let dir: string;
let logFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'overnight-run-agent-'));
  logFile = join(dir, 'logs', 'session.log');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const base = () => ({ cwd: dir, logFile, redact, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir } });

describe('runAgent', () => {
  it('runs an agent to completion and returns its exit code and output tails', async () => {
    const spawned: number[] = [];
    const result = await runAgent({
      ...base(),
      bin: fixture('edit-file.mjs'),
      args: ['src/notes.txt'],
      timeoutMs: 10_000,
      onSpawn: (pid) => spawned.push(pid),
    });
    expect(spawned).toHaveLength(1);
    expect(spawned[0]).toBeGreaterThan(0);
    expect(result).toMatchObject({ exitCode: 0, signal: undefined, timedOut: false, aborted: false, stderr: '', groupGone: true });
    expect(result.stdout).toBe('Working on the goal...\nEdited src/notes.txt: added one line.');
    expect(readFileSync(join(dir, 'src', 'notes.txt'), 'utf8')).toContain('edit-file fake agent');
    expect(readFileSync(logFile, 'utf8')).toBe('Working on the goal...\nEdited src/notes.txt: added one line.\n');
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a non-zero exit with both streams', async () => {
    const result = await runAgent({ ...base(), bin: fixture('fail.mjs'), args: [], timeoutMs: 10_000 });
    expect(result).toMatchObject({ exitCode: 3, timedOut: false, stdout: 'Trying to build...' });
    expect(result.stderr).toBe('error: the build is broken and I cannot fix it');
    expect(result.output).toBe('Trying to build...\nerror: the build is broken and I cannot fix it');
  });

  it('stops the whole process group at the time budget: TERM first, KILL after the grace period', async () => {
    const result = await runAgent({ ...base(), bin: fixture('hang.mjs'), args: ['--ignore-term'], timeoutMs: 300, graceMs: 200 });
    const pids = JSON.parse(result.stdout.split('\n')[0] as string) as { leader: number; grandchild: number };
    expect(result).toMatchObject({ timedOut: true, aborted: false, exitCode: undefined, signal: 'SIGKILL', groupGone: true });
    // The leader saw the TERM (and ignored it) before the KILL.
    expect(result.stdout).toContain('leader: ignoring SIGTERM');
    expect(isLive(pids.leader)).toBe(false);
    expect(isLive(pids.grandchild)).toBe(false);
    expect(await processGroupAlive(pids.leader)).toBe(false);
    expect(readFileSync(logFile, 'utf8')).toContain('[overnight] time budget of 300 ms reached: stopping process group');
  });

  it('needs no KILL when the group obeys TERM', async () => {
    const result = await runAgent({ ...base(), bin: fixture('hang.mjs'), args: [], timeoutMs: 300, graceMs: 5_000 });
    const pids = JSON.parse(result.stdout.split('\n')[0] as string) as { leader: number; grandchild: number };
    expect(result).toMatchObject({ timedOut: true, signal: 'SIGTERM', groupGone: true });
    expect(isLive(pids.grandchild)).toBe(false);
  });

  it('stops the group when aborted through the signal', async () => {
    const controller = new AbortController();
    const pidFile = join(dir, 'pids.json');
    let pgid: number | undefined;
    const running = runAgent({
      ...base(),
      bin: fixture('hang.mjs'),
      args: ['--ignore-term', `--pid-file=${pidFile}`],
      timeoutMs: 60_000,
      graceMs: 200,
      signal: controller.signal,
      onSpawn: (pid) => {
        pgid = pid;
      },
    });
    // Abort once the agent and its grandchild are both running, not after a guessed delay.
    await waitUntil('the agent to start its grandchild', () => existsSync(pidFile), { timeoutMs: 20_000 });
    controller.abort();
    const result = await running;
    const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as { leader: number; grandchild: number };
    expect(result).toMatchObject({ aborted: true, timedOut: false, signal: 'SIGKILL', groupGone: true });
    // The pid reported at spawn is the group's id: what crash recovery stores and later checks.
    expect(pgid).toBe(pids.leader);
    expect(await processGroupAlive(pids.leader)).toBe(false);
    expect(isLive(pids.leader)).toBe(false);
    expect(isLive(pids.grandchild)).toBe(false);
    expect(readFileSync(logFile, 'utf8')).toContain('[overnight] aborted: stopping process group');
  });

  it('hands each raw stdout line to a reader as it arrives, and stops the group when a cap is passed, naming the cap', async () => {
    const stop = new AbortController();
    const lines: string[] = [];
    const result = await runAgent({
      ...base(),
      bin: fixture('hang.mjs'),
      args: ['--ignore-term'],
      timeoutMs: 60_000,
      graceMs: 200,
      stop: stop.signal,
      // The first line names the pids: the "usage" that passes the cap, as a meter would see it.
      onStdoutLine: (line) => {
        lines.push(line);
        if (lines.length === 1) stop.abort('session cost $0.61 passed budget.maxCostPerSessionUsd $0.50');
      },
    });
    const pids = JSON.parse(lines[0]!) as { leader: number; grandchild: number };
    expect(result).toMatchObject({ stoppedBy: 'session cost $0.61 passed budget.maxCostPerSessionUsd $0.50', timedOut: false, aborted: false, signal: 'SIGKILL', groupGone: true });
    expect(isLive(pids.grandchild)).toBe(false);
    expect(readFileSync(logFile, 'utf8')).toContain('[overnight] session cost $0.61 passed budget.maxCostPerSessionUsd $0.50: stopping process group');
  });

  it('survives a stdout reader that throws, and has no stoppedBy without a stop', async () => {
    const result = await runAgent({ ...base(), bin: fixture('edit-file.mjs'), args: [], timeoutMs: 10_000, onStdoutLine: () => { throw new Error('reader bug'); } });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Edited NOTES.md');
    expect(result).not.toHaveProperty('stoppedBy');
  });

  it('does not start anything useful when the signal is already aborted', async () => {
    const result = await runAgent({ ...base(), bin: fixture('hang.mjs'), args: [], timeoutMs: 60_000, graceMs: 200, signal: AbortSignal.abort() });
    expect(result).toMatchObject({ aborted: true, timedOut: false, groupGone: true });
  });

  it('stops what the agent left running when it exits', async () => {
    // The leader starts a grandchild that keeps running, ignores TERM and holds the output pipes
    // open, then exits at once.
    const script = [
      "const { spawn } = require('node:child_process');",
      "const child = spawn(process.execPath, ['-e', \"process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)\"], { stdio: ['ignore', 'inherit', 'inherit'] });",
      'child.unref();',
      'console.log(child.pid);',
    ].join('\n');
    const result = await runAgent({ ...base(), bin: process.execPath, args: ['-e', script], timeoutMs: 60_000, graceMs: 200 });
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, groupGone: true });
    expect(isLive(Number(result.stdout))).toBe(false);
  });

  it('gives the process exactly the environment it is handed, nothing of the runner', async () => {
    process.env.OVERNIGHT_TEST_RUNNER_ONLY = 'runner-secret';
    try {
      const result = await runAgent({
        ...base(),
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, ANTHROPIC_API_KEY: 'sk-ant-keep' },
        bin: fixture('print-env.mjs'),
        args: [],
        timeoutMs: 10_000,
      });
      expect(JSON.parse(result.stdout)).toStrictEqual({ PATH: process.env.PATH, HOME: dir, ANTHROPIC_API_KEY: 'sk-ant-keep' });
    } finally {
      delete process.env.OVERNIGHT_TEST_RUNNER_ONLY;
    }
  });

  it('writes the input to stdin and closes it; without input stdin is empty', async () => {
    const echo = "let text = ''; process.stdin.setEncoding('utf8'); process.stdin.on('data', (chunk) => (text += chunk)); process.stdin.on('end', () => console.log(JSON.stringify(text)))";
    const prompt = `${'長いプロンプト'.repeat(20_000)}\nend`;
    const fed = await runAgent({ ...base(), bin: process.execPath, args: ['-e', echo], input: prompt, timeoutMs: 10_000 });
    expect(JSON.parse(fed.stdout)).toBe(prompt);
    const none = await runAgent({ ...base(), bin: process.execPath, args: ['-e', echo], timeoutMs: 10_000 });
    expect(JSON.parse(none.stdout)).toBe('');
  });

  it('stops a child that left the group with setsid at the time budget, and says timedOut', async () => {
    // What an agent can do to outlive its budget without a sandbox: a grandchild in a session of its own.
    const script = [
      "const { spawn } = require('node:child_process');",
      "const child = spawn('setsid', ['sleep', '30'], { stdio: 'ignore', detached: false });",
      "require('node:fs').writeFileSync('escapee.pid', String(child.pid));",
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const result = await runAgent({ ...base(), bin: process.execPath, args: ['-e', script], timeoutMs: 1_500, graceMs: 200 });
    expect(result).toMatchObject({ timedOut: true, groupGone: true });
    const escapee = Number(readFileSync(join(dir, 'escapee.pid'), 'utf8'));
    expect(isLive(escapee)).toBe(false);
  });

  it('redacts tokens and known secrets in the log file and the tails', async () => {
    const secret = 'hunter2-but-longer';
    const result = await runAgent({
      ...base(),
      redact: createRedactor([secret]),
      env: { ...base().env, LEAK_VALUE: secret },
      bin: fixture('leak-token.mjs'),
      args: [],
      timeoutMs: 10_000,
    });
    const log = readFileSync(logFile, 'utf8');
    for (const text of [log, result.stdout, result.stderr]) {
      expect(text).not.toMatch(/ghp_[A-Za-z0-9]/);
      expect(text).not.toMatch(/github_pat_[A-Za-z0-9]/);
      expect(text).not.toContain('sk-live-0123456789abcdef');
      expect(text).not.toContain('abc123def456ghi789');
      expect(text).not.toContain(secret);
    }
    expect(log).toContain('using [REDACTED] to call the API');
    expect(log).toContain('fallback token [REDACTED]');
    expect(log).toContain('Authorization: Bearer [REDACTED]');
    expect(log).toContain('repos?token=[REDACTED]');
    expect(log).toContain('the secret is [REDACTED]');
    expect(log).toContain('done');
  });

  it('appends to an existing log', async () => {
    await runAgent({ ...base(), bin: fixture('no-change.mjs'), args: [], timeoutMs: 10_000 });
    await runAgent({ ...base(), bin: fixture('fail.mjs'), args: [], timeoutMs: 10_000 });
    expect(readFileSync(logFile, 'utf8')).toBe(
      'Read the code; nothing needs changing for this goal.\nTrying to build...\nerror: the build is broken and I cannot fix it\n',
    );
  });

  it('keeps only a bounded tail of long output', async () => {
    const script = "for (let i = 0; i < 2000; i++) console.log('line ' + i)";
    const result = await runAgent({ ...base(), bin: process.execPath, args: ['-e', script], timeoutMs: 10_000, tailChars: 100 });
    expect(result.stdout.length).toBeLessThanOrEqual(100);
    expect(result.stdout.endsWith('line 1999')).toBe(true);
    expect(readFileSync(logFile, 'utf8').split('\n')).toHaveLength(2001);
  });

  it('finishes the run when the session log cannot be written, and says so', async () => {
    mkdirSync(logFile, { recursive: true }); // a directory where the log file should be
    const result = await runAgent({ ...base(), bin: fixture('no-change.mjs'), args: [], timeoutMs: 10_000 });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('Read the code; nothing needs changing for this goal.');
    expect(result.output).toMatch(/\[overnight\] the session log .*session\.log could not be written: EISDIR/);
  });

  it('fails clearly when the binary cannot be started', async () => {
    await expect(runAgent({ ...base(), bin: join(dir, 'missing-agent'), args: [], timeoutMs: 1_000 })).rejects.toThrow(
      /could not start `.*missing-agent`/,
    );
  });
});

describe('processGroupAlive and killProcessGroup (crash recovery of an abandoned session)', () => {
  const esrch = () => {
    throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' });
  };

  it('finds a group left running by an earlier runner and stops it', async () => {
    // What a runner killed with SIGKILL leaves behind: a detached agent group nobody waits for.
    const agent = spawn(fixture('hang.mjs'), ['--ignore-term'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    const [firstLine] = (await once(agent.stdout, 'data')) as [Buffer];
    const pids = JSON.parse(firstLine.toString().split('\n')[0] as string) as { leader: number; grandchild: number };
    expect(await processGroupAlive(pids.leader)).toBe(true);
    expect(await killProcessGroup(pids.leader, { graceMs: 200 })).toBe(true);
    expect(await processGroupAlive(pids.leader)).toBe(false);
    expect(isLive(pids.grandchild)).toBe(false);
  });

  it('is false for a group that does not exist', async () => {
    expect(await processGroupAlive(4_000_000, { kill: esrch })).toBe(false);
    expect(await killProcessGroup(4_000_000, { graceMs: 10, kill: esrch })).toBe(true);
  });

  it('counts a group of zombies as gone (an init that never reaps them)', async () => {
    // `ps -A -o pgid= -o stat=` lines: group 700 has only zombies; group 701 has a live process.
    const listProcesses = async () => '    1 Ss\n  700 Z\n  700 Z+\n  701 S\n';
    expect(await processGroupAlive(700, { kill: () => {}, listProcesses })).toBe(false);
    expect(await processGroupAlive(701, { kill: () => {}, listProcesses })).toBe(true);
  });

  it('treats a group it may not signal as alive', async () => {
    const eperm = () => {
      throw Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
    };
    expect(await processGroupAlive(1, { kill: eperm })).toBe(true);
  });

  it('sends TERM, then KILL, and reports survivors', async () => {
    const sent: (NodeJS.Signals | 0)[] = [];
    const kill = (_pid: number, signal: NodeJS.Signals | 0) => void sent.push(signal);
    const gone = await killProcessGroup(900, { graceMs: 30, killWaitMs: 30, kill, listProcesses: async () => '900 D\n' });
    expect(gone).toBe(false);
    expect(sent.filter((signal) => signal !== 0)).toStrictEqual(['SIGTERM', 'SIGKILL']);
  });
});
