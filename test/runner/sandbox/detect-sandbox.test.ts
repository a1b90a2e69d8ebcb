import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execWithEnv } from '../../../src/constraints/default-deps.js';
import { findExecutable, USER_BIN_DIRS, type RunTool as Exec, type ToolResult as ExecResult } from '../../../src/platform/index.js';

const findBin = (name: string) => findExecutable(name, { extraDirs: USER_BIN_DIRS });
import { BWRAP_PROBE_ARGS, detectSandbox } from '../../../src/runner/sandbox/detect-sandbox.js';
import { bubblewrapInstallCommand, parseOsRelease } from '../../../src/runner/sandbox/install-command.js';
import { sandboxFixture } from './sandbox-harness.js';

const fixture = (name: string) => readFileSync(sandboxFixture(name), 'utf8');

/** An exec that answers by command and first argument, recording every call. */
function fakeExec(answers: Record<string, Partial<ExecResult>>) {
  const calls: string[] = [];
  const exec: Exec = async (file, args, { timeoutMs }) => {
    calls.push(`${file} ${args.join(' ')} (${timeoutMs} ms)`);
    const answer = answers[`${file} ${args[0]}`] ?? answers[file] ?? { failure: 'missing' };
    return { stdout: '', stderr: '', exitCode: answer.failure ? undefined : 0, ...answer };
  };
  return { exec, calls };
}

/** A readFile over a fixed set of files; anything else is missing. */
const files =
  (contents: Record<string, string>) =>
  async (path: string): Promise<string> => {
    if (path in contents) return contents[path]!;
    throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  };

/** `bwrap` null: not installed. */
const linux = (exec: Exec, readFile = files({}), bwrap: string | null = '/usr/bin/bwrap') =>
  detectSandbox({ platform: 'linux', exec, readFile, findExecutable: (name) => (name === 'bwrap' ? (bwrap ?? undefined) : undefined), timeoutMs: 5_000 });

describe('detectSandbox on Linux', () => {
  it('runs bwrap once with the namespaces every run uses, then reads its version', async () => {
    const { exec, calls } = fakeExec({
      '/usr/bin/bwrap --die-with-parent': { exitCode: 0 },
      '/usr/bin/bwrap --version': { stdout: fixture('bwrap/version-0.8.0.txt') },
    });
    expect(await linux(exec)).toEqual({ ok: true, tool: 'bwrap', path: '/usr/bin/bwrap', version: '0.8.0' });
    expect(calls).toEqual([`/usr/bin/bwrap ${BWRAP_PROBE_ARGS.join(' ')} (5000 ms)`, '/usr/bin/bwrap --version (5000 ms)']);
    expect(BWRAP_PROBE_ARGS).toEqual(expect.arrayContaining(['--unshare-pid', '--proc', '--new-session', '--die-with-parent']));
  });

  it.each([
    ['debian-12.txt', 'sudo apt install bubblewrap'],
    ['ubuntu-24.04.1.txt', 'sudo apt install bubblewrap'],
    ['linuxmint-22.3.txt', 'sudo apt install bubblewrap'],
    ['fedora-40-server.txt', 'sudo dnf install bubblewrap'],
    ['arch.txt', 'sudo pacman -S bubblewrap'],
  ])('when bwrap is missing, names the install command for %s', async (release, command) => {
    const { exec, calls } = fakeExec({});
    const result = await linux(exec, files({ '/etc/os-release': fixture(`os-release/${release}`) }), null);
    expect(result).toEqual({
      ok: false,
      tool: 'bwrap',
      reason: 'bubblewrap (the `bwrap` command) is not installed; agents run inside it on Linux',
      fix: command,
    });
    expect(calls).toEqual([]);
  });

  it('falls back to /usr/lib/os-release, then to a generic instruction', async () => {
    const { exec } = fakeExec({});
    const fedora = await linux(exec, files({ '/usr/lib/os-release': fixture('os-release/fedora-40-server.txt') }), null);
    expect(fedora.ok === false && fedora.fix).toBe('sudo dnf install bubblewrap');
    const unknown = await linux(exec, files({}), null);
    expect(unknown.ok === false && unknown.fix).toContain("with your distribution's package manager");
    expect(bubblewrapInstallCommand('ID=nixos\n')).toBe('add pkgs.bubblewrap to environment.systemPackages');
    expect(parseOsRelease('ID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n')).toEqual({ ID: 'opensuse-tumbleweed', ID_LIKE: 'opensuse suse' });
  });

  it("explains Ubuntu's AppArmor restriction and gives both fixes: a profile for bwrap, or the sysctl", async () => {
    const { exec } = fakeExec({ '/usr/bin/bwrap --die-with-parent': { exitCode: 1, stderr: fixture('bwrap/uid-map-apparmor-ubuntu-24.04.txt') } });
    const result = await linux(exec, files({ '/proc/sys/kernel/apparmor_restrict_unprivileged_userns': '1\n' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe(
      'AppArmor blocks unprivileged user namespaces on this system (kernel.apparmor_restrict_unprivileged_userns = 1, the Ubuntu 23.10+ default), ' +
        'so bwrap cannot set up its sandbox (bwrap said: "bwrap: setting up uid map: Permission denied")',
    );
    expect(result.fix).toContain('/etc/apparmor.d/bwrap');
    expect(result.fix).toContain('profile bwrap /usr/bin/bwrap flags=(unconfined) {\n  userns,');
    expect(result.fix).toContain('sudo apparmor_parser -r /etc/apparmor.d/bwrap');
    expect(result.fix).toContain('sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0');
  });

  it('tells a kernel without unprivileged user namespaces from a full namespace limit and a container', async () => {
    const noUserns = fakeExec({ '/usr/bin/bwrap --die-with-parent': { exitCode: 1, stderr: fixture('bwrap/no-userns-debian.txt') } });
    const old = await linux(noUserns.exec, files({ '/proc/sys/kernel/unprivileged_userns_clone': '0\n' }));
    expect(old).toMatchObject({ ok: false, fix: 'run `sudo sysctl -w kernel.unprivileged_userns_clone=1` (and add it to /etc/sysctl.d/ to keep it)' });
    expect(old.ok === false && old.reason).toContain('does not let unprivileged users create user namespaces');
    const blocked = await linux(noUserns.exec);
    expect(blocked.ok === false && blocked.fix).toContain('user.max_user_namespaces');

    const limit = fakeExec({ '/usr/bin/bwrap --die-with-parent': { exitCode: 1, stderr: fixture('bwrap/userns-limit-enospc.txt') } });
    expect(await linux(limit.exec)).toMatchObject({ ok: false, fix: 'raise it: `sudo sysctl -w user.max_user_namespaces=15000` (0 disables them altogether)' });

    const proc = fakeExec({ '/usr/bin/bwrap --die-with-parent': { exitCode: 1, stderr: fixture('bwrap/proc-mount-refused.txt') } });
    const container = await linux(proc.exec);
    expect(container).toMatchObject({ ok: false, fix: 'run overnight directly on the host, not inside a container' });
    expect(container.ok === false && container.reason).toContain("bwrap: Can't mount proc on /newroot/proc: Operation not permitted");
  });

  it('gives up on a bwrap that hangs after the timeout, with a real stand-in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overnight-detect-'));
    try {
      const hang = join(dir, 'bwrap');
      writeFileSync(hang, '#!/bin/sh\nexec sleep 30\n');
      chmodSync(hang, 0o755);
      const result = await detectSandbox({ platform: 'linux', exec: execWithEnv(process.env), readFile: files({}), findExecutable: () => hang, timeoutMs: 300 });
      expect(result).toMatchObject({ ok: false, tool: 'bwrap', reason: 'bwrap did not finish its self-test within 300 ms' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(process.platform === 'linux' && findBin('bwrap') !== undefined)('proves the bwrap installed here works', async () => {
    const result = await detectSandbox();
    expect(result).toMatchObject({ tool: 'bwrap' });
    expect(result.ok ? result.version : result.reason).toMatch(/^\d+\.\d+/);
  });
});

describe('detectSandbox on macOS', () => {
  const mac = (exec: Exec) => detectSandbox({ platform: 'darwin', exec, findExecutable: (name) => (name === '/usr/bin/sandbox-exec' ? name : undefined) });

  it('applies a profile once and reports the macOS version', async () => {
    const { exec, calls } = fakeExec({ '/usr/bin/sandbox-exec -p': { exitCode: 0 }, 'sw_vers -productVersion': { stdout: '15.1\n' } });
    expect(await mac(exec)).toEqual({ ok: true, tool: 'sandbox-exec', path: '/usr/bin/sandbox-exec', version: 'macOS 15.1' });
    expect(calls[0]).toBe('/usr/bin/sandbox-exec -p (version 1)(allow default) /usr/bin/true (5000 ms)');
  });

  it('explains the refusal to nest inside another sandbox', async () => {
    const { exec } = fakeExec({ '/usr/bin/sandbox-exec -p': { exitCode: 71, stderr: fixture('seatbelt/nested-sandbox-apply.txt') } });
    const result = await mac(exec);
    expect(result).toMatchObject({ ok: false, tool: 'sandbox-exec' });
    expect(result.ok === false && result.reason).toBe('sandbox-exec could not apply a profile (it said: "sandbox-exec: sandbox_apply: Operation not permitted")');
    expect(result.ok === false && result.fix).toContain('not from a sandboxed app');
  });
});

it('says which platforms have a sandbox', async () => {
  expect(await detectSandbox({ platform: 'win32' })).toEqual({
    ok: false,
    tool: undefined,
    reason: 'agents can only be sandboxed on macOS (Seatbelt) and Linux (bubblewrap), not on win32',
    fix: 'run the overnight runner on macOS or Linux',
  });
});
