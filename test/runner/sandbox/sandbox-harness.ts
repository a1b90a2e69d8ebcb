import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { waitUntil } from '../../../src/platform/wait-until.js';
import { sandboxPolicy, type SandboxPolicyInput } from '../../../src/runner/sandbox/sandbox-policy.js';
import { prepareSandbox } from '../../../src/runner/sandbox/prepare-sandbox.js';
import { wrapCommand } from '../../../src/runner/sandbox/wrap-command.js';
import type { SandboxPolicy, SandboxTool } from '../../../src/runner/sandbox/types.js';

export const sandboxFixture = (name: string) => fileURLToPath(new URL(`../../fixtures/runner/sandbox/${name}`, import.meta.url));

/**
 * A machine in a temp dir: a fake home with an SSH key, a git config and agent state; the
 * runner's state dir (the session's workspace and temp dir inside it, as the runner lays them
 * out) and config file; and the developer's clone. Nothing of the real home is used.
 */
export function makeLayout() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'overnight-sandbox-')));
  const home = join(root, 'home');
  const state = join(root, 'state');
  const layout = {
    root,
    home,
    state,
    stateFile: join(state, 'state.db'),
    configFile: join(root, 'config.json'),
    clone: join(root, 'clone'),
    workspace: join(state, 'worktrees', 's1'),
    tmpDir: join(state, 'tmp', 's1'),
    sshKey: join(home, '.ssh', 'id_rsa'),
    settings: join(home, '.claude', 'settings.json'),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const dir of [join(home, '.ssh'), join(home, '.claude'), join(home, '.npm'), layout.workspace, layout.clone]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(layout.sshKey, '-----BEGIN OPENSSH PRIVATE KEY----- fake test key\n');
  writeFileSync(join(home, '.gitconfig'), '[user]\n  name = Developer\n');
  writeFileSync(layout.settings, '{}\n');
  writeFileSync(join(home, '.claude.json'), '{"numStartups":1}\n');
  writeFileSync(join(home, '.npm', 'marker.txt'), 'npm cache here\n');
  writeFileSync(layout.stateFile, 'runner state\n');
  writeFileSync(layout.configFile, '{"github":{"token":"env"}}\n');
  writeFileSync(join(layout.clone, 'README.md'), 'the developer clone\n');
  return layout;
}

/** Hands the whole layout to `uid`, for a run as that user. */
export function giveLayoutTo(layout: Layout, uid: number) {
  const chown = (path: string) => {
    chownSync(path, uid, uid);
    if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) chown(join(path, entry));
  };
  chown(layout.root);
}

/** The users to run as: this one, and an unprivileged one when this is root (CI and laptops are not root). */
export function testUsers(): Array<{ name: string; uid: number | undefined }> {
  const users: Array<{ name: string; uid: number | undefined }> = [{ name: `as this user (uid ${process.getuid?.()})`, uid: undefined }];
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].some((path) => {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  });
  if (process.getuid?.() === 0 && setpriv) users.push({ name: 'as an unprivileged user (uid 65534)', uid: 65534 });
  return users;
}

export type Layout = ReturnType<typeof makeLayout>;

export function layoutPolicy(layout: Layout, overrides: Partial<SandboxPolicyInput> = {}): SandboxPolicy {
  return sandboxPolicy({
    kind: 'claude-code',
    home: layout.home,
    workspace: layout.workspace,
    tmpDir: layout.tmpDir,
    neverRead: [layout.state, layout.configFile],
    // Where this node lives, when that is under a home directory (setup-node on macOS runners).
    allowRead: [dirname(dirname(process.execPath))].filter((dir) => !dir.startsWith('/usr') && !dir.startsWith('/opt')),
    ...overrides,
  });
}

type Sandbox = { tool: SandboxTool; path: string };
/** `uid`: start it as that user (through setpriv), as a root test process can, to exercise the unprivileged path. */
type SpawnOptions = { graceMs?: number; env?: Record<string, string>; uid?: number | undefined };

/** Prepares the sandbox, runs `argv` in it to the end. */
export async function runSandboxed(policy: SandboxPolicy, sandbox: Sandbox, argv: string[], options: SpawnOptions = {}) {
  await prepareSandbox(policy);
  return await spawnSandboxed(policy, sandbox, argv, options);
}

/**
 * Starts `argv` inside an already prepared sandbox the way the runner does: detached, stdin
 * closed, a chosen environment.
 */
export function spawnSandboxed(policy: SandboxPolicy, sandbox: Sandbox, argv: string[], { graceMs = 1_000, env = {}, uid }: SpawnOptions = {}) {
  const wrapped = wrapCommand(policy, sandbox, argv, { graceMs });
  const asUser = uid === undefined ? [] : ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups'];
  const [bin, ...args] = [...asUser, wrapped.bin, ...wrapped.args] as [string, ...string[]];
  return execa(bin, args, {
    cwd: wrapped.cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: policy.home, LANG: 'C', ...env, ...wrapped.env },
    extendEnv: false,
    detached: true,
    stdin: 'ignore',
    reject: false,
  });
}

/** Live processes (zombies excluded) whose command line contains `marker`. */
export function processesWith(marker: string): string[] {
  const listing = execFileSync('ps', ['-A', '-o', 'pid=,stat=,command='], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return listing
    .split('\n')
    .filter((line) => line.includes(marker) && !/^\s*\d+\s+Z/.test(line) && !line.includes(' ps -A '));
}

/** True once `check` holds, false if it still does not after `withinMs`. */
export async function waitFor(check: () => boolean, withinMs: number): Promise<boolean> {
  return waitUntil('a condition', check, { timeoutMs: withinMs, intervalMs: 25 }).then(
    () => true,
    () => false,
  );
}

/** A stand-in for the runner: a process outside the sandbox with a secret in its environment. */
export function startVictim(secret: string): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
    env: { PATH: process.env.PATH, OVERNIGHT_TEST_SECRET: secret },
    stdio: 'ignore',
  });
}

/** A live process, not a zombie waiting for a reaper (some containers' init never reaps). */
export function isAlive(pid: number): boolean {
  try {
    const state = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return state !== '' && !state.startsWith('Z');
  } catch {
    return false; // ps exits 1 when the pid does not exist
  }
}

/** Copies a fixture agent into the workspace: inside the sandbox the repository checkout is not readable. */
export function placeAgent(layout: Layout, name: string): string {
  const target = join(layout.workspace, name);
  copyFileSync(sandboxFixture(name), target);
  return target;
}

export const uniqueMarker = () => String(Math.floor(1e7 + Math.random() * 9e7));
