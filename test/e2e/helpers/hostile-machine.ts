import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { NightReport } from '../../../src/runner/report/night-report.js';
import { SandboxClient } from '../../../src/sandbox/client.js';
import type { SandboxInfo } from '../../../src/sandbox/sandbox-types.js';
import { freePort } from '../../../src/platform/free-port.js';
import { compiledCli, ROOT } from './compiled-cli.js';
import { listening } from './ports.js';
import { ProcessTracker, processTable, type Started } from './processes.js';
import { waitUntil } from './wait-until.js';

export const OWNER = 'alice';
export const OUTSIDER = 'mallory';
export const REPO = 'nightly';
const FIXTURES = join(ROOT, 'test', 'fixtures', 'agents');

/** The fake private key in the developer's home: an agent that prints it has read it. */
export const FAKE_KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAAfakefakefake hostile-e2e\n-----END OPENSSH PRIVATE KEY-----\n';

export interface MachineOptions {
  /** Run the stand-in, the developer's git and the runner as this user (root test process only). */
  uid?: number | undefined;
  /** Start the bot too, for `/overnight` commands. */
  bot?: boolean;
}

export interface OnceRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time of the whole `overnight once`. */
  ms: number;
}

/**
 * A developer's machine in a temp dir, as the hostile end-to-end test needs it: the GitHub
 * stand-in (`overnight sandbox`) and its bare remote, the bot when asked, the developer's clone
 * with work of their own in it, a home directory with an SSH key and a logged-in `gh`, a fake
 * `gh` first on PATH, the agents' scripts, and `overnight once` run as a user runs it. With
 * `uid`, everything the developer owns (home, clone, runner state, stand-in) belongs to that user,
 * and the stand-in and the runner run as that user.
 */
export class HostileMachine {
  readonly dir = realpathSync(mkdtempSync(join(tmpdir(), 'overnight-hostile-')));
  readonly home = join(this.dir, 'home');
  readonly clone = join(this.dir, REPO);
  readonly agentDir = join(this.dir, 'agent');
  readonly traps = join(this.dir, 'traps');
  readonly configFile = join(this.dir, 'runner-config.json');
  readonly stateDir = join(this.dir, 'state');
  /** Digits in the command line of every process the agent leaves behind, and in what it plants. */
  readonly marker = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  /** A secret in the runner's own environment, under a name the old deny-list let through. */
  readonly secret = `aws-secret-${randomBytes(12).toString('hex')}`;
  readonly tracker = new ProcessTracker();
  info!: SandboxInfo & { ownerToken: string };
  client!: SandboxClient;
  private readonly gitconfig = join(this.dir, 'test-gitconfig');

  constructor(readonly options: MachineOptions = {}) {}

  get remotePath(): string {
    return this.info.remotePath;
  }

  /** Starts the stand-in (and the bot), makes the developer's home and clone. */
  async start(): Promise<void> {
    for (const path of [this.home, this.traps, join(this.agentDir, 'bin'), join(this.dir, 'sandbox-home')]) mkdirSync(path, { recursive: true });
    for (const script of ['hostile-agent.mjs', 'hostile-git.mjs', 'forbidden-change.mjs']) copyFileSync(join(FIXTURES, script), join(this.agentDir, script));
    copyFileSync(join(FIXTURES, 'gh', 'gh'), join(this.agentDir, 'bin', 'gh'));
    chmodSync(join(this.agentDir, 'bin', 'gh'), 0o755);
    // The test reads repositories the unprivileged user owns: git would refuse them as "dubious".
    writeFileSync(this.gitconfig, '[safe]\n\tdirectory = *\n');
    this.chownAll();

    const botPort = this.options.bot ? await freePort() : undefined;
    const secret = randomBytes(16).toString('hex');
    const args = ['sandbox', '--json', '--dir', join(this.dir, 'sandbox'), '--owner', OWNER, '--name', REPO, '--app-id', '4242', '--webhook-secret', secret];
    if (botPort) args.push('--webhook-url', `http://127.0.0.1:${botPort}/api/github/webhooks`);
    const home = join(this.dir, 'sandbox-home');
    const standIn = this.startAs('the GitHub stand-in', [process.execPath, compiledCli(), ...args], { ...baseEnv(), HOME: home, OVERNIGHT_HOME: home }, 'sandbox.out');
    const line = await waitUntil('the stand-in to print its details', () => standIn.output().split('\n').find((text) => text.startsWith('{')), { timeoutMs: 30_000, running: [standIn] });
    this.info = JSON.parse(line);
    this.client = new SandboxClient(this.info.webUrl);
    await this.client.setPermission(OWNER, 'write');
    await this.client.setPermission(OUTSIDER, 'read');
    if (botPort) await this.startBot(botPort, standIn);

    // The developer's clone, with work of their own: an uncommitted edit and an untracked file.
    this.asDeveloper('git', ['clone', '--quiet', this.info.remoteUrl, this.clone]);
    this.asDeveloper('git', ['-C', this.clone, 'config', 'user.name', 'Night Owl']);
    this.asDeveloper('git', ['-C', this.clone, 'config', 'user.email', 'owl@e2e.invalid']);
    // A home as the developer's: an SSH key, gh logged in to the stand-in, a git config, a shell rc.
    const files: Record<string, string> = {
      '.ssh/id_rsa': FAKE_KEY,
      '.config/gh/hosts.yml': `127.0.0.1:\n    oauth_token: ${this.info.ownerToken}\n    user: ${OWNER}\n    git_protocol: https\ngithub.com:\n    oauth_token: ${this.info.ownerToken}\n    user: ${OWNER}\n`,
      '.gitconfig': '[user]\n\tname = Night Owl\n',
      '.bashrc': 'export EDITOR=vi\n',
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(this.home, path)), { recursive: true });
      writeFileSync(join(this.home, path), content, { mode: 0o600 });
    }
    this.chownAll();
  }

  /** Commits `files` on the remote's main as the developer would (from the clone, then pushed). */
  seedBase(files: Record<string, string>, message: string): void {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(this.clone, path)), { recursive: true });
      writeFileSync(join(this.clone, path), content);
    }
    this.chownAll();
    this.asDeveloper('git', ['-C', this.clone, 'add', '--', ...Object.keys(files)]);
    this.asDeveloper('git', ['-C', this.clone, 'commit', '--quiet', '-m', message]);
    this.asDeveloper('git', ['-C', this.clone, 'push', '--quiet', 'origin', 'HEAD:main']);
  }

  /** Leaves work of the developer's own in the clone: an uncommitted edit and an untracked file. */
  dirtyClone(): void {
    writeFileSync(join(this.clone, 'README.md'), 'my uncommitted edit\n');
    writeFileSync(join(this.clone, 'scratch.txt'), 'my untracked notes\n');
    this.chownAll();
  }

  writeConfig(config: object): void {
    writeFileSync(this.configFile, `${JSON.stringify(config, null, 2)}\n`);
    this.chownAll();
  }

  /**
   * `overnight once --ignore-window --ignore-constraints <args>` as its own process, with the
   * developer's home, the fake gh first on PATH, a secret in the environment and, with `token`,
   * GITHUB_TOKEN. Its pid goes to agent/runner.pid, where the agent looks for the runner.
   */
  async once(args: string[], { token }: { token?: string } = {}): Promise<OnceRun> {
    const env = {
      ...baseEnv(),
      HOME: this.home,
      PATH: [join(this.agentDir, 'bin'), process.env.PATH ?? '/usr/bin:/bin'].join(delimiter),
      AWS_SECRET_ACCESS_KEY: this.secret,
      ...(token ? { GITHUB_TOKEN: token } : {}),
    };
    const started = Date.now();
    const [bin, ...rest] = this.asUser([process.execPath, compiledCli(), 'once', '--config', this.configFile, '--ignore-window', '--ignore-constraints', ...args]) as [string, ...string[]];
    const child = spawn(bin, rest, { cwd: this.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    writeFileSync(join(this.agentDir, 'runner.pid'), String(child.pid));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    const code = await new Promise<number>((resolve) => child.once('close', (exit, signal) => resolve(exit ?? (signal ? 128 : 1))));
    clearTimeout(timer);
    return { code, stdout, stderr, ms: Date.now() - started };
  }

  /** `overnight report --json`, as the developer reads it in the morning. */
  async report(): Promise<NightReport> {
    const [bin, ...args] = this.asUser([process.execPath, compiledCli(), 'report', '--config', this.configFile, '--json']) as [string, ...string[]];
    const { stdout } = await promisify(execFile)(bin, args, { env: { ...baseEnv(), HOME: this.home } });
    return JSON.parse(stdout) as NightReport;
  }

  remoteGit(...args: string[]): string {
    return execFileSync('git', ['--git-dir', this.remotePath, ...args], { encoding: 'utf8', env: { ...baseEnv(), GIT_CONFIG_GLOBAL: this.gitconfig } });
  }

  sessionLog(session: string): string {
    return readFileSync(join(this.stateDir, 'sessions', `${session}.log`), 'utf8');
  }

  /** Live processes of the agent: its scripts' command lines, or the marker its escapees carry. */
  agentProcesses(): string[] {
    return processTable()
      .filter((row) => row.args.includes(this.marker) || row.args.includes(this.agentDir))
      .map((row) => `${row.pid} (group ${row.pgid}): ${row.args}`);
  }

  async stop(): Promise<void> {
    await this.tracker.stopAll();
    if (process.env.OVERNIGHT_E2E_KEEP !== '1') rmSync(this.dir, { recursive: true, force: true });
  }

  private async startBot(port: number, standIn: Started): Promise<void> {
    mkdirSync(join(this.dir, 'bot'));
    const env: NodeJS.ProcessEnv = {
      ...baseEnv(),
      APP_ID: String(this.info.appId),
      PRIVATE_KEY_PATH: this.info.privateKeyPath,
      WEBHOOK_SECRET: this.info.webhookSecret,
      GHE_HOST: this.info.gheHost,
      GHE_PROTOCOL: 'http',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info' as const,
    };
    // Probot reads `.env` from its working directory: an empty one here.
    const bot = this.tracker.start('the bot', process.execPath, [compiledCli(), 'bot'], { env, cwd: join(this.dir, 'bot'), logFile: join(this.dir, 'bot.out') });
    await waitUntil('the bot to listen', () => listening(port), { timeoutMs: 30_000, running: [standIn, bot] });
  }

  private startAs(name: string, argv: string[], env: NodeJS.ProcessEnv, log: string): Started {
    const [bin, ...args] = this.asUser(argv) as [string, ...string[]];
    return this.tracker.start(name, bin, args, { env, cwd: this.dir, logFile: join(this.dir, log) });
  }

  private asDeveloper(bin: string, args: string[]): void {
    const [file, ...rest] = this.asUser([bin, ...args]) as [string, ...string[]];
    execFileSync(file, rest, { env: { ...baseEnv(), HOME: this.home, GIT_CONFIG_GLOBAL: this.gitconfig }, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  private asUser(argv: string[]): string[] {
    const { uid } = this.options;
    return uid === undefined ? argv : ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', ...argv];
  }

  /** Hands the whole machine to the unprivileged user (a no-op without one). */
  private chownAll(): void {
    const { uid } = this.options;
    if (uid === undefined) return;
    const walk = (path: string) => {
      chownSync(path, uid, uid);
      if (lstatSync(path).isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
    };
    walk(this.dir);
  }
}

/** This test process's environment without anything that would point a child elsewhere. */
export function baseEnv(): NodeJS.ProcessEnv {
  const drop = new Set(['GITHUB_TOKEN', 'GH_TOKEN', 'OVERNIGHT_HOME', 'XDG_CONFIG_HOME', 'APP_ID', 'PRIVATE_KEY', 'PRIVATE_KEY_PATH', 'WEBHOOK_SECRET', 'WEBHOOK_PROXY_URL', 'GHE_HOST']);
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !drop.has(name) && !name.startsWith('GIT_')));
}

