import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../src/platform/wait-until.js';
import { compiledCli } from '../e2e/helpers/compiled-cli.js';
import { detectSandbox, openStateStore } from '../../src/runner/index.js';
import { readPrMetadata } from '../../src/protocol/index.js';
import type { SandboxSnapshot } from '../../src/sandbox/state/snapshot.js';

// Real processes and real HTTP on 127.0.0.1, so no nock here. The demo runs from the test build
// of src/ (test/setup/compile-cli.ts), as `overnight demo` runs from lib/.
const ENTRY = compiledCli();
/** The demo puts its agent in this machine's sandbox when it has one. */
const sandbox = await detectSandbox();

interface Demo {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Its own process group, so a Ctrl-C can be sent as a terminal sends it: to the whole group. */
function demo(dir: string): Demo {
  const child = spawn(process.execPath, [ENTRY, 'demo', '--fast', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForOutput(run: Demo, text: string, timeoutMs: number): Promise<void> {
  await waitUntil(
    `"${text}" in the demo's output`,
    () => {
      if (run.output().includes(text)) return true;
      if (run.child.exitCode !== null) throw new Error(`the demo exited without "${text}" in its output:\n${run.output()}`);
      return false;
    },
    { timeoutMs, intervalMs: 200, explain: () => run.output() },
  );
}

/** Whether anything still listens on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket.destroy() === socket));
    socket.once('error', () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Processes whose command line mentions `dir` (the runner, agents, stand-ins): none may outlive the demo. */
function processesUsing(dir: string): string[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        return cmdline.includes(dir) ? [`${pid}: ${cmdline}`] : [];
      } catch {
        return [];
      }
    });
}

const ports = (output: string) => [...output.matchAll(/http:\/\/127\.0\.0\.1:(\d+)/g)].map((match) => Number(match[1]));
const runnerPid = (output: string) => Number(/\(pid (\d+)\)/.exec(output)?.[1]);

describe('overnight demo --fast, as a real process', () => {
  it('files goals, honours the pause, refuses the outsider, skips on battery, opens one PR per goal, exits 0 and leaves nothing running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overnight-demo-e2e-'));
    const run = demo(dir);
    const code = await run.exited;
    const output = run.output();
    expect(code, output).toBe(0);

    const state = JSON.parse(readFileSync(join(dir, 'sandbox-state.json'), 'utf8')) as SandboxSnapshot;
    const goals = state.issues.filter((issue) => issue.labels.some((label) => (typeof label === 'string' ? label : label.name) === 'overnight') && !issue.pull_request);
    expect(goals.map((goal) => goal.title)).toEqual(['Add input validation to parseDuration', 'Increase test coverage of format.js', 'Make parseDate throw real errors']);

    // One PR per goal, opened by the bot for the runner's branch, carrying the session's metadata.
    const prGoals = state.pulls.map((pull) => readPrMetadata(pull.body)?.goal);
    expect(prGoals).toEqual(goals.map((goal) => ({ kind: 'issue', number: goal.number })));
    for (const pull of state.pulls) {
      expect(pull.head.ref).toMatch(/^agent\/\d{8}-\d{4}-[0-9a-f]{6}$/);
      expect(pull.user?.login).toBe('overnight[bot]');
      expect(readPrMetadata(pull.body)).toMatchObject({ agent: 'demo', verify: 'passed', outcome: 'complete', sandbox: sandbox.ok ? sandbox.tool : 'off' });
    }

    // The outsider was answered and nothing changed; the maintainer's commands got reactions.
    const [first, , paused] = goals;
    const byMallory = state.comments.find((comment) => comment.user?.login === 'mallory')!;
    const reply = state.comments.find((comment) => comment.id > byMallory.id && comment.user?.login === 'overnight[bot]' && comment.issue_url.endsWith(`/${first!.number}`));
    expect(reply?.body).toContain('@mallory');
    expect(state.reactions.filter((reaction) => reaction.user === 'overnight[bot]' && reaction.subject.kind === 'comment')).toHaveLength(2);

    // The pause was honoured: the paused goal's session started only after the resume comment.
    const resume = state.comments.find((comment) => comment.body === '/overnight resume' && comment.issue_url.endsWith(`/${paused!.number}`))!;
    const store = openStateStore(join(dir, 'runner', 'data', 'state.db'), true);
    try {
      const night = store.nights()[0]!;
      const sessions = store.sessionsOfNight(night);
      expect(sessions.map((session) => [session.goal, session.state]).sort()).toEqual(goals.map((goal) => [`#${goal.number}`, 'pr-open']).sort());
      const pausedSession = sessions.find((session) => session.goal === `#${paused!.number}`)!;
      expect(Date.parse(pausedSession.createdAt)).toBeGreaterThan(Date.parse(resume.created_at));
      // The tick on battery was skipped, and says why.
      const skips = store.cyclesOfNight(night).filter((cycle) => cycle.outcome === 'skipped');
      expect(skips.flatMap((cycle) => cycle.reasons).some((reason) => /battery/.test(reason))).toBe(true);
    } finally {
      store.close();
    }

    // What it printed: progress as it happened, then the morning.
    expect(output).toContain(sandbox.ok ? `agent sandbox: ${sandbox.tool} ${sandbox.version}` : 'agent sandbox: none usable here');
    expect(output).toContain(`sandbox: ${sandbox.ok ? 'required' : 'off'}; log:`);
    expect(output).toContain("@mallory's command was refused");
    expect(output).toMatch(/gate closed, cycle skipped: .*battery/);
    expect(output).toContain('the morning report');
    expect(output).toContain(`the sandbox is kept for inspection: ${dir}`);

    // Nothing left running: the runner, the bot and the sandbox servers, any agent or stand-in.
    expect(alive(runnerPid(output))).toBe(false);
    for (const port of ports(output)) expect(await listening(port)).toBe(false);
    expect(processesUsing(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  }, 300_000);

  it('stops everything it started on Ctrl-C and exits 130 with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overnight-demo-e2e-'));
    const run = demo(dir);
    await waitForOutput(run, 'tick 1', 60_000);
    process.kill(-run.child.pid!, 'SIGINT');
    expect(await run.exited).toBe(130);
    const output = run.output();
    expect(output).toContain('overnight demo failed: interrupted');
    expect(alive(runnerPid(output))).toBe(false);
    for (const port of ports(output)) expect(await listening(port)).toBe(false);
    expect(processesUsing(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  }, 90_000);
});
