import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Octokit } from '@octokit/rest';
import type { RunnerConfigInput } from '../../../src/config/runner-config.js';
import type { StatusReport } from '../../../src/runner/daemon/status-report.js';
import type { NightReport } from '../../../src/runner/report/night-report.js';
import { SandboxClient } from '../../../src/sandbox/client.js';
import type { Delivery } from '../../../src/sandbox/http/webhook-deliverer.js';
import { createSandbox, type Sandbox } from '../../../src/sandbox/sandbox.js';
import type { SandboxInfo } from '../../../src/sandbox/sandbox-types.js';
import { compiledCli, ROOT } from '../../e2e/helpers/compiled-cli.js';
import { processTable, ProcessTracker, type Started } from '../../e2e/helpers/processes.js';
import { tail } from '../../e2e/helpers/wait-until.js';

export const OWNER = 'alice';
export const REPO = 'nightly';
const FIXTURES = join(ROOT, 'test', 'fixtures', 'faults');

export interface OnceRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * One night of the fault-injection suite: the GitHub stand-in (in this process: faults and its
 * clock are armed through its `/_sandbox/` API, as from any other process), a clone of its
 * repository, and runners started from the test build as a user starts them, each with its own
 * state dir. Everything lives in one temp dir whose path is the marker of every process started
 * for it (agents, verify commands, hooks), so leftovers are found by it.
 */
export class FaultNight {
  readonly dir = mkdtempSync(join(tmpdir(), 'overnight-faults-'));
  /** Where the test's levers go (see test/fixtures/faults/fault-agent.mjs). */
  readonly control = join(this.dir, 'control');
  readonly clonePath = join(this.dir, REPO);
  readonly tracker = new ProcessTracker();
  readonly sandbox: Sandbox;
  client!: SandboxClient;
  info!: SandboxInfo;
  ownerToken = '';

  constructor() {
    this.sandbox = createSandbox({ dir: join(this.dir, 'github'), owner: OWNER, repo: REPO, appId: 4242, webhookSecret: 'fault-suite-secret' });
  }

  async start(): Promise<this> {
    mkdirSync(this.control);
    const info = await this.sandbox.start();
    this.info = info;
    this.client = new SandboxClient(info.webUrl);
    this.ownerToken = this.sandbox.userToken(OWNER);
    this.sandbox.setPermission(OWNER, 'admin');
    await git(['clone', '--quiet', info.remoteUrl, this.clonePath]);
    await git(['-C', this.clonePath, 'config', 'user.name', 'Night Owl']);
    await git(['-C', this.clonePath, 'config', 'user.email', 'owl@faults.invalid']);
    return this;
  }

  get remotePath(): string {
    return this.sandbox.remotePath;
  }

  /** A goal: an issue labelled `overnight`, filed by the maintainer. */
  async goal(title: string): Promise<number> {
    return (await this.sandbox.createIssue(OWNER, { title, body: 'Add a note under notes/.', labels: ['overnight'] })).number;
  }

  /** Sets a lever for the fault agent, verify command or hook. */
  lever(name: string): void {
    writeFileSync(join(this.control, name), '');
  }

  /** The files the levers left behind (`agent-hanging.<session>`, `push-held`...). */
  levers(prefix: string): string[] {
    return readdirSafe(this.control).filter((name) => name.startsWith(prefix));
  }

  runner(name: string, overrides: Partial<RunnerConfigInput> = {}): FaultRunner {
    return new FaultRunner(this, name, overrides);
  }

  /** Live processes whose command line names this night's dir: an agent, a verify, a hook left behind. */
  leftovers(): string[] {
    return processTable()
      .filter((row) => row.args.includes(this.dir))
      .map((row) => `${row.pid}: ${row.args}`);
  }

  /** Refs of the stand-in's remote under `prefix`, e.g. `refs/heads/overnight-claims/`. */
  async refs(prefix: string): Promise<Array<{ ref: string; sha: string }>> {
    return (await this.sandbox.snapshot()).refs.filter((entry) => entry.ref.startsWith(prefix));
  }

  /** The REST API as `login` (a token the stand-in issued). */
  as(login: string): Octokit {
    const quiet = () => undefined;
    return new Octokit({ auth: this.sandbox.userToken(login), baseUrl: this.sandbox.apiUrl, log: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
  }

  /** The remote's pre-receive hook, worked by the `refuse-push` and `hold-push` levers (test/fixtures/faults/fault-pre-receive.mjs). */
  installPushHook(): void {
    const hook = join(this.remotePath, 'hooks', 'pre-receive');
    const args = [process.execPath, join(FIXTURES, 'fault-pre-receive.mjs'), this.control, join(ROOT, 'test', 'fixtures', 'runner', 'push-rejections', 'gh001-large-file.txt')];
    writeFileSync(hook, `#!/bin/sh\nexec ${args.map((arg) => `'${arg}'`).join(' ')}\n`, { mode: 0o755 });
  }

  /** The push webhooks that created or moved `ref` (a ref deleted is no push of work). */
  async pushesOf(ref: string): Promise<Delivery[]> {
    return (await this.client.deliveries()).filter((delivery) => {
      const payload = delivery.payload as { ref?: string; deleted?: boolean };
      return delivery.event === 'push' && payload.ref === ref && payload.deleted !== true;
    });
  }

  /** `git` in the stand-in's bare remote. */
  remoteGit(...args: string[]): Promise<string> {
    return git(['--git-dir', this.remotePath, ...args]);
  }

  async close(): Promise<void> {
    await this.tracker.stopAll();
    await this.sandbox.stop();
    if (process.env.OVERNIGHT_KEEP_FAULTS) return;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A runner of the night: its config file, state dir and environment, and the commands run on them. */
export class FaultRunner {
  readonly stateDir: string;
  readonly configFile: string;
  readonly env: NodeJS.ProcessEnv;
  private daemon?: Started;

  constructor(
    private readonly night: FaultNight,
    readonly name: string,
    overrides: Partial<RunnerConfigInput>,
  ) {
    this.stateDir = join(night.dir, `state-${name}`);
    this.configFile = join(night.dir, `${name}.json`);
    this.env = { ...cleanEnv(), GITHUB_TOKEN: night.ownerToken, OVERNIGHT_HOME: join(night.dir, `home-${name}`), OVERNIGHT_TICK_FLOOR: '1s' };
    this.writeConfig(overrides);
  }

  /** Rewrites the config (a user editing it between runs). */
  writeConfig(overrides: Partial<RunnerConfigInput> = {}): void {
    writeFileSync(this.configFile, `${JSON.stringify({ ...faultConfig(this.night, this.name, this.stateDir), ...overrides }, null, 2)}\n`);
  }

  /** `overnight once` now, whatever the window and the machine say. */
  async once(...args: string[]): Promise<OnceRun> {
    return run(['once', '--config', this.configFile, '--ignore-window', '--ignore-constraints', ...args], this.env, 180_000);
  }

  /** `overnight run`: the daemon, ticking every 2 s in a window that opened this minute. */
  start(): Started {
    this.daemon = this.night.tracker.start(`runner ${this.name}`, process.execPath, [compiledCli(), 'run', '--config', this.configFile], {
      env: this.env,
      cwd: this.night.dir,
      logFile: join(this.night.dir, `${this.name}.out`),
    });
    return this.daemon;
  }

  async report(): Promise<NightReport | null> {
    const { stdout, code, stderr } = await run(['report', '--config', this.configFile, '--json'], this.env, 60_000);
    if (code !== 0) throw new Error(`overnight report exited ${code}: ${stderr}`);
    return JSON.parse(stdout) as NightReport | null;
  }

  async status(): Promise<StatusReport> {
    const { stdout } = await run(['status', '--config', this.configFile, '--json'], this.env, 60_000);
    return JSON.parse(stdout) as StatusReport;
  }

  /** The runner's log (`<stateDir>/logs/current.log`), one pino object per line. */
  log(): Array<{ msg: string; level: number; [key: string]: unknown }> {
    const file = join(this.stateDir, 'logs', 'current.log');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; level: number });
  }

  /** What a failed wait should show: the log's tail and the daemon's output. */
  explain = async (): Promise<string> => {
    const lines = this.log().map((entry) => entry.msg);
    return `runner ${this.name} log:\n${lines.slice(-25).join('\n')}\noutput:\n${tail(this.daemon?.output() ?? '', 15)}`;
  };
}

/**
 * A runner config for the suite: a window that opened this minute, ticks every 2 s, no machine
 * constraints, the fault agent and verify command (in the agent sandbox, which may write the
 * levers' dir), PRs opened by the runner itself (no bot needed), pushes retried at once.
 */
function faultConfig(night: FaultNight, name: string, stateDir: string): RunnerConfigInput {
  const minute = Math.floor(Date.now() / 60_000) * 60_000;
  const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  return {
    repo: { path: night.clonePath, remote: 'origin', base: 'main', github: `${OWNER}/${REPO}` },
    github: { apiUrl: night.sandbox.apiUrl, token: 'env' },
    schedule: { timezone: 'UTC', window: { start: hhmm(minute), end: hhmm(minute + 30 * 60_000) }, every: '2s', missed: 'skip' },
    agents: {
      default: 'fault',
      defs: { fault: { kind: 'command', bin: process.execPath, args: [join(FIXTURES, 'fault-agent.mjs'), night.control, '{session}'] } },
    },
    sandbox: { allowRead: [FIXTURES], allowWrite: [night.control] },
    verify: { command: `'${process.execPath}' '${join(FIXTURES, 'fault-verify.mjs')}' '${night.control}'`, timeoutMinutes: 2 },
    budget: { perSessionMinutes: 2, maxSessionsPerNight: 30 },
    guard: { maxChangedFiles: 5 },
    pr: { openedBy: 'runner' },
    publish: { retryBackoffMinutes: 0 },
    stateDir,
    runnerName: name,
  };
}

async function run(args: string[], env: NodeJS.ProcessEnv, timeout: number): Promise<OnceRun> {
  return promisify(execFile)(process.execPath, [compiledCli(), ...args], { env, timeout, maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: typeof error.code === 'number' ? error.code : 1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
}

async function git(args: string[]): Promise<string> {
  return (await promisify(execFile)('git', args, { env: cleanEnv() })).stdout;
}

/** This process's environment without anything that would point a runner elsewhere. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const { GITHUB_TOKEN: _a, GH_TOKEN: _b, OVERNIGHT_HOME: _c, XDG_CONFIG_HOME: _d, ...rest } = process.env;
  return Object.fromEntries(Object.entries(rest).filter(([name]) => !name.startsWith('GIT_')));
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
