import { describe, expect, it } from 'vitest';
import { bwrapArgs } from '../../../src/runner/sandbox/bwrap-args.js';
import { fakeFs, HOME, policyFor } from './policy-fixture.js';

const WS = '/home/dev/.local/share/overnight/worktrees/20261128-0107-a1b2c3';
const TMP = '/home/dev/.local/share/overnight/tmp/20261128-0107-a1b2c3';

/** Index of the option `flag` followed by `values`, or -1. */
function find(args: string[], flag: string, ...values: string[]): number {
  return args.findIndex((arg, i) => arg === flag && values.every((value, j) => args[i + 1 + j] === value));
}

describe('bwrapArgs', () => {
  const args = bwrapArgs(policyFor(), ['claude', '-p', 'fix the bug']);

  it('isolates processes: own PID, IPC and UTS namespaces, new session, no capabilities, dies with its parent', () => {
    for (const flag of ['--unshare-pid', '--unshare-ipc', '--unshare-uts', '--new-session', '--die-with-parent']) {
      expect(args).toContain(flag);
    }
    expect(find(args, '--cap-drop', 'ALL')).toBeGreaterThanOrEqual(0);
    expect(find(args, '--proc', '/proc')).toBeGreaterThanOrEqual(0);
    expect(find(args, '--ro-bind-try', '/proc/sys', '/proc/sys')).toBeGreaterThan(find(args, '--proc', '/proc'));
    expect(args).not.toContain('--unshare-net');
    expect(args).not.toContain('--share-net');
  });

  it('runs the command after `--`, exactly as given', () => {
    expect(args.slice(-4)).toEqual(['--', 'claude', '-p', 'fix the bug']);
    expect(args.slice(find(args, '--chdir', WS), find(args, '--chdir', WS) + 2)).toEqual(['--chdir', WS]);
    expect(find(args, '--setenv', 'TMPDIR', TMP)).toBeGreaterThanOrEqual(0);
    expect(find(args, '--setenv', 'HOME', HOME)).toBeGreaterThanOrEqual(0);
  });

  it('mounts home as an empty tmpfs, binds only the allowed paths into it, then makes it read-only', () => {
    const homeTmpfs = find(args, '--tmpfs', HOME);
    expect(homeTmpfs).toBeGreaterThanOrEqual(0);
    const binds = [
      find(args, '--bind', WS, WS),
      find(args, '--bind', TMP, TMP),
      find(args, '--bind-try', `${HOME}/.claude`, `${HOME}/.claude`),
      find(args, '--bind-try', `${HOME}/.claude.json`, `${HOME}/.claude.json`),
      find(args, '--ro-bind-try', `${HOME}/.npm`, `${HOME}/.npm`),
      find(args, '--ro-bind-try', `${HOME}/.local/share/claude`, `${HOME}/.local/share/claude`),
    ];
    for (const bind of binds) expect(bind).toBeGreaterThan(homeTmpfs);
    const remount = find(args, '--remount-ro', HOME);
    for (const bind of binds) expect(remount).toBeGreaterThan(bind);
    expect(find(args, '--remount-ro', '/')).toBeGreaterThan(remount);
  });

  it('keeps hook and settings files read-only inside the writable agent state', () => {
    const state = find(args, '--bind-try', `${HOME}/.claude`, `${HOME}/.claude`);
    const settings = find(args, '--ro-bind-try', `${HOME}/.claude/settings.json`, `${HOME}/.claude/settings.json`);
    expect(settings).toBeGreaterThan(state);
  });

  it('never binds a credential store, the git config, or the runner state', () => {
    const bound = args.filter((_, i) => i > 0 && /^--(ro-)?bind(-try)?$/.test(args[i - 1] ?? ''));
    for (const secret of ['.ssh', '.aws', '.config/gh', '.gnupg', '.gitconfig']) {
      expect(bound.some((path) => path.startsWith(`${HOME}/${secret}`))).toBe(false);
    }
    expect(bound).not.toContain('/home/dev/.local/share/overnight');
    expect(bound).not.toContain('/home/dev/.config/overnight/config.json');
  });

  it('binds system directories read-only and only if present, /tmp as a private tmpfs', () => {
    for (const system of ['/usr', '/bin', '/lib', '/etc', '/opt', '/nix']) {
      expect(find(args, '--ro-bind-try', system, system)).toBeGreaterThanOrEqual(0);
    }
    expect(find(args, '--tmpfs', '/tmp')).toBeGreaterThanOrEqual(0);
    expect(args).not.toContain('/home');
    expect(args).not.toContain('/run/user');
  });

  it('mounts parents before what goes inside them when home is under /tmp', () => {
    const policy = policyFor({ home: '/tmp/t1/home', workspace: '/tmp/t1/ws', tmpDir: '/tmp/t1/tmp', neverRead: [] });
    const test = bwrapArgs(policy, ['true']);
    expect(find(test, '--tmpfs', '/tmp')).toBeLessThan(find(test, '--tmpfs', '/tmp/t1/home'));
    expect(find(test, '--tmpfs', '/tmp')).toBeLessThan(find(test, '--bind', '/tmp/t1/ws', '/tmp/t1/ws'));
  });

  it('hides a runner config or state dir that sits inside a system directory', () => {
    const fs = fakeFs({ dirs: ['/opt/overnight/state'], files: ['/etc/overnight/config.json'] });
    const policy = policyFor({ neverRead: ['/opt/overnight/state', '/etc/overnight/config.json', '/var/lib/nothing'], workspace: '/opt/overnight/state/ws' }, fs);
    const masked = bwrapArgs(policy, ['true']);
    expect(find(masked, '--ro-bind', '/dev/null', '/etc/overnight/config.json')).toBeGreaterThan(find(masked, '--ro-bind-try', '/etc', '/etc'));
    const stateTmpfs = find(masked, '--tmpfs', '/opt/overnight/state');
    expect(stateTmpfs).toBeGreaterThan(find(masked, '--ro-bind-try', '/opt', '/opt'));
    expect(find(masked, '--bind', '/opt/overnight/state/ws', '/opt/overnight/state/ws')).toBeGreaterThan(stateTmpfs);
    expect(find(masked, '--remount-ro', '/opt/overnight/state')).toBeGreaterThan(stateTmpfs);
    // Under home the tmpfs already hides them; missing ones need nothing.
    expect(masked.join(' ')).not.toContain('/var/lib/nothing');
    expect(find(masked, '--tmpfs', `${HOME}/.ssh`)).toBe(-1);
  });

  it('passes paths with spaces and quotes as single arguments', () => {
    const policy = policyFor({ workspace: '/srv/My "Projects"/app one', tmpDir: '/srv/tmp dir', allowRead: ['~/Shared Data'] });
    const spaced = bwrapArgs(policy, ['sh', '-c', 'echo "$HOME"']);
    expect(find(spaced, '--bind', '/srv/My "Projects"/app one', '/srv/My "Projects"/app one')).toBeGreaterThanOrEqual(0);
    expect(find(spaced, '--ro-bind-try', `${HOME}/Shared Data`, `${HOME}/Shared Data`)).toBeGreaterThanOrEqual(0);
    expect(find(spaced, '--setenv', 'TMPDIR', '/srv/tmp dir')).toBeGreaterThanOrEqual(0);
    expect(spaced.slice(-3)).toEqual(['sh', '-c', 'echo "$HOME"']);
  });

  it('refuses an empty command', () => {
    expect(() => bwrapArgs(policyFor(), [])).toThrow('no command');
  });
});
