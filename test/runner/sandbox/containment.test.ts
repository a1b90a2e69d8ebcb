import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContainment } from '../../../src/runner/sandbox/containment.js';
import type { SandboxDetection } from '../../../src/runner/sandbox/detect-sandbox.js';
import { SandboxPolicyError } from '../../../src/runner/sandbox/types.js';

const BWRAP: SandboxDetection = { ok: true, tool: 'bwrap', path: '/usr/bin/bwrap', version: '0.8.0' };
const MISSING: SandboxDetection = { ok: false, tool: 'bwrap', reason: 'bubblewrap (the `bwrap` command) is not installed', fix: 'sudo apt install bubblewrap' };
const config = (mode: 'required' | 'off', extra: { allowRead?: string[]; allowWrite?: string[] } = {}) => ({
  mode,
  network: 'open' as const,
  allowRead: extra.allowRead ?? [],
  allowWrite: extra.allowWrite ?? [],
});

let root: string;
let home: string;
let dataDir: string;
let workspace: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'overnight-containment-')));
  home = join(root, 'home');
  dataDir = join(root, 'data');
  workspace = join(dataDir, 'worktrees', 's1');
  mkdirSync(join(home, '.ssh'), { recursive: true });
  mkdirSync(workspace, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('createContainment', () => {
  it('detects once when the sandbox works, and again at the next call when it did not', async () => {
    let calls = 0;
    const answers = [MISSING, BWRAP];
    const containment = createContainment({ config: config('required'), dataDir, home, detect: async () => answers[Math.min(calls++, 1)]! });
    expect(await containment.status()).toStrictEqual({ mode: 'required', detection: MISSING });
    expect(await containment.status()).toStrictEqual({ mode: 'required', detection: BWRAP });
    expect(await containment.status()).toStrictEqual({ mode: 'required', detection: BWRAP });
    expect(calls).toBe(2);
  });

  it('never detects with sandbox.mode "off", and prepares only a private temp dir', async () => {
    const containment = createContainment({ config: config('off'), dataDir, home, detect: async () => expect.unreachable() });
    expect(await containment.status()).toStrictEqual({ mode: 'off' });
    const prepared = await containment.prepare({ name: 's1', kind: 'claude-code', workspace });
    expect(prepared).toMatchObject({ tmpDir: join(dataDir, 'tmp', 's1'), defaultEnv: {} });
    expect(prepared.sandbox).toBeUndefined();
    expect(statSync(prepared.tmpDir).mode & 0o777).toBe(0o700);
    await prepared.dispose();
    expect(existsSync(prepared.tmpDir)).toBe(false);
  });

  it('builds the policy of one run: the kind, the workspace, what its git reads, caches in the temp dir', async () => {
    const store = join(dataDir, 'repo.git', 'objects');
    mkdirSync(store, { recursive: true });
    const containment = createContainment({ config: config('required'), dataDir, home, detect: async () => BWRAP });
    const prepared = await containment.prepare({ name: 's1', kind: 'codex', workspace, sessionRead: [store] });
    expect(prepared.sandbox).toMatchObject({ tool: 'bwrap', path: '/usr/bin/bwrap', policy: { kind: 'codex', workspace, home, tmpDir: join(dataDir, 'tmp', 's1') } });
    expect(prepared.sandbox!.policy.read).toContainEqual({ path: store, optional: false });
    expect(prepared.sandbox!.policy.deny.map(({ path }) => path)).toContain(dataDir);
    expect(prepared.defaultEnv).toMatchObject({ npm_config_cache: join(prepared.tmpDir, 'npm-cache'), XDG_CACHE_HOME: join(prepared.tmpDir, 'cache') });
    // Codex's own state dir exists before it starts: home is read-only inside.
    expect(existsSync(join(home, '.codex'))).toBe(true);
    await prepared.dispose();
  });

  it("hides the system's private files it is given, found again for every run", async () => {
    const found = [[join(root, 'etc', 'shadow')], [join(root, 'etc', 'shadow'), join(root, 'etc', 'ssl', 'private')]];
    let runs = 0;
    mkdirSync(join(root, 'etc', 'ssl', 'private'), { recursive: true });
    writeFileSync(join(root, 'etc', 'shadow'), 'root:*:20228:0:99999:7:::\n');
    const containment = createContainment({ config: config('required'), dataDir, home, detect: async () => BWRAP, privateFiles: () => found[runs++]! });
    const first = await containment.prepare({ name: 's1', kind: 'command', workspace });
    expect(first.sandbox!.policy.deny).toContainEqual({ path: join(root, 'etc', 'shadow'), type: 'file' });
    expect(first.sandbox!.policy.deny.map(({ path }) => path)).not.toContain(join(root, 'etc', 'ssl', 'private'));
    const second = await containment.prepare({ name: 's1-verify', kind: 'command', workspace });
    expect(second.sandbox!.policy.deny).toContainEqual({ path: join(root, 'etc', 'ssl', 'private'), type: 'directory' });
    await Promise.all([first.dispose(), second.dispose()]);
  });

  it('refuses a widening that would expose a secret, naming the config field that asked for it', async () => {
    const containment = createContainment({ config: config('required', { allowRead: ['~/.config'] }), dataDir, home, detect: async () => BWRAP });
    mkdirSync(join(home, '.config', 'gh'), { recursive: true });
    await expect(containment.prepare({ name: 's1', kind: 'command', workspace })).rejects.toThrow(
      new SandboxPolicyError('sandbox.allowRead[0]', `${home}/.config contains ${home}/.config/gh, which is never readable; list the paths inside it that the agent needs instead`),
    );
    const agentOnly = createContainment({ config: config('required', { allowRead: ['/srv'] }), dataDir, home, detect: async () => BWRAP });
    await expect(
      agentOnly.prepare({ name: 's1', kind: 'command', workspace, allowWrite: [{ path: '~/.ssh/extra', field: 'agents.defs.mine.sandbox.allowWrite[0]' }] }),
    ).rejects.toThrow(/^agents\.defs\.mine\.sandbox\.allowWrite\[0\]: .*\.ssh\/extra is inside .*\.ssh, which is never readable$/);
  });

  it('will not prepare a contained run when no sandbox works, saying why and how to fix it', async () => {
    const containment = createContainment({ config: config('required'), dataDir, home, detect: async () => MISSING });
    await expect(containment.prepare({ name: 's1', kind: 'command', workspace })).rejects.toThrow(
      'sandbox.mode is "required" but no sandbox works here: bubblewrap (the `bwrap` command) is not installed; fix: sudo apt install bubblewrap',
    );
  });

  it('clears what crashed runs left in tmp/ at its first run', async () => {
    mkdirSync(join(dataDir, 'tmp', 'old-session'), { recursive: true });
    writeFileSync(join(dataDir, 'tmp', 'old-session', 'prompt.md'), 'old prompt');
    const containment = createContainment({ config: config('off'), dataDir, home });
    const prepared = await containment.prepare({ name: 's2', kind: 'command', workspace });
    expect(existsSync(join(dataDir, 'tmp', 'old-session'))).toBe(false);
    // Later runs leave each other alone.
    const verify = await containment.prepare({ name: 's2-verify', kind: 'command', workspace });
    expect(existsSync(prepared.tmpDir)).toBe(true);
    await Promise.all([prepared.dispose(), verify.dispose()]);
  });
});
