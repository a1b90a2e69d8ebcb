import { mkdtempSync, realpathSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bwrapArgs } from '../../../src/runner/sandbox/bwrap-args.js';
import { prepareSandbox } from '../../../src/runner/sandbox/prepare-sandbox.js';
import { SEATBELT_REAPER_SCRIPT } from '../../../src/runner/sandbox/reaper-script.js';
import { sandboxPolicy } from '../../../src/runner/sandbox/sandbox-policy.js';
import { seatbeltProfile } from '../../../src/runner/sandbox/seatbelt-profile.js';
import { wrapCommand } from '../../../src/runner/sandbox/wrap-command.js';
import { policyFor } from './policy-fixture.js';

const TMP = '/home/dev/.local/share/overnight/tmp/20261128-0107-a1b2c3';

describe('wrapCommand', () => {
  const policy = policyFor();
  const argv = ['/usr/local/bin/claude', '-p', 'Fix #12: the "login" bug'];

  it('runs bwrap itself with the policy, the workspace as cwd, TMPDIR private', () => {
    expect(wrapCommand(policy, { tool: 'bwrap', path: '/usr/bin/bwrap' }, argv)).toEqual({
      bin: '/usr/bin/bwrap',
      args: bwrapArgs(policy, argv),
      cwd: policy.workspace,
      env: { HOME: '/home/dev', TMPDIR: TMP, TMP, TEMP: TMP },
    });
  });

  it('runs sandbox-exec with the profile inline and the reaper as the first process inside', () => {
    const wrapped = wrapCommand(policy, { tool: 'sandbox-exec', path: '/usr/bin/sandbox-exec' }, argv, { graceMs: 10_000, runnerPid: 4242 });
    expect(wrapped).toEqual({
      bin: '/usr/bin/sandbox-exec',
      args: ['-p', seatbeltProfile(policy), '/bin/sh', '-c', SEATBELT_REAPER_SCRIPT, 'overnight-sandbox', '9.000', '4242', ...argv],
      cwd: policy.workspace,
      env: { HOME: '/home/dev', TMPDIR: TMP, TMP, TEMP: TMP },
    });
  });

  it('refuses an empty command', () => {
    expect(() => wrapCommand(policy, { tool: 'bwrap', path: '/usr/bin/bwrap' }, [])).toThrow('no command to run');
  });
});

describe('prepareSandbox', () => {
  it("creates the private temp dir and the agent's state dir, owner-only, and no state file", async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'overnight-prepare-')));
    try {
      const home = join(root, 'home');
      const policy = sandboxPolicy({ kind: 'claude-code', home, workspace: join(root, 'ws'), tmpDir: join(root, 'tmp', 's1') });
      await prepareSandbox(policy);
      expect(statSync(join(root, 'tmp', 's1')).mode & 0o777).toBe(0o700);
      expect(statSync(join(home, '.claude')).isDirectory()).toBe(true);
      expect(existsSync(join(home, '.claude.json'))).toBe(false);
      // Idempotent: a second session finds them in place.
      await expect(prepareSandbox(policy)).resolves.toBeUndefined();
      const made: string[] = [];
      await prepareSandbox(sandboxPolicy({ kind: 'command', home, workspace: join(root, 'ws'), tmpDir: join(root, 'tmp', 's2') }), {
        mkdir: async (path) => made.push(path),
      });
      expect(made).toEqual([join(root, 'tmp', 's2')]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
