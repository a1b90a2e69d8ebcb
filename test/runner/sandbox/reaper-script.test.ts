import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectSandbox } from '../../../src/runner/sandbox/detect-sandbox.js';
import { reaperGraceSeconds, SEATBELT_REAPER_SCRIPT } from '../../../src/runner/sandbox/reaper-script.js';
import { makeLayout, placeAgent, processesWith, uniqueMarker, waitFor, type Layout } from './sandbox-harness.js';

describe('the macOS reaper script', () => {
  it('is valid POSIX sh for dash and for bash in sh mode', () => {
    for (const shell of ['/bin/sh', 'bash']) {
      expect(() => execFileSync(shell, ['-n', '-c', SEATBELT_REAPER_SCRIPT], { stdio: 'pipe' })).not.toThrow();
    }
  });

  it('finishes its sweep a second before the runner would SIGKILL it, or halfway for short graces', () => {
    expect(reaperGraceSeconds(10_000)).toBe('9.000');
    expect(reaperGraceSeconds(1_000)).toBe('0.500');
    expect(reaperGraceSeconds(0)).toBe('0.000');
  });
});

// On macOS the script runs under Seatbelt, where `kill(-1)` reaches only the sandbox's own
// processes. A Linux PID namespace gives `kill(-1)` the same reach, so the script's logic runs here
// for real under bubblewrap, without --die-with-parent, which would otherwise do the sweeping.
const detection = process.platform === 'linux' ? await detectSandbox() : undefined;
const bwrap = detection?.ok ? detection.path : undefined;

describe.skipIf(!bwrap)(`the reaper script in a PID namespace${bwrap ? '' : ' (skipped: bubblewrap is not usable here)'}`, () => {
  let layout: Layout;
  beforeEach(() => {
    layout = makeLayout();
  });
  afterEach(() => {
    layout.cleanup();
  });

  const inNamespace = (checkPid: number, grace: string, argv: string[]) =>
    execa(
      bwrap!,
      [
        '--unshare-pid',
        '--cap-drop',
        'ALL',
        '--ro-bind',
        '/',
        '/',
        '--proc',
        '/proc',
        '--dev',
        '/dev',
        '--bind',
        layout.workspace,
        layout.workspace,
        '--chdir',
        layout.workspace,
        '/bin/sh',
        '-c',
        SEATBELT_REAPER_SCRIPT,
        'overnight-sandbox',
        grace,
        String(checkPid),
        ...argv,
      ],
      { detached: true, stdin: 'ignore', reject: false },
    );
  const killAll = (marker: string) => {
    for (const line of processesWith(marker)) {
      try {
        process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
      } catch {
        // gone since the listing
      }
    }
  };
  /** The sleeps themselves, not the bwrap processes whose command lines mention them. */
  const sleepsLeft = (marker: string) => processesWith(`.${marker}`).filter((line) => /^\s*\d+\s+\S+\s+sleep 6/.test(line));
  // Daemon-like: their output goes nowhere, so nothing holds the run's pipes open.
  const leaveBehind = (marker: string) =>
    [
      `setsid sleep 60.${marker} >/dev/null 2>&1 &`,
      `nohup sleep 61.${marker} >/dev/null 2>&1 &`,
      `(setsid sleep 62.${marker} >/dev/null 2>&1 &)`,
      'sleep 0.2; exit 3',
    ].join('\n');

  it('without it, what the agent left behind survives the agent (the case it exists for)', async () => {
    const marker = uniqueMarker();
    const run = await execa(
      bwrap!,
      ['--unshare-pid', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', '/bin/sh', '-c', leaveBehind(marker)],
      // bwrap's init holds the output pipes as long as anything in the namespace runs.
      { stdio: 'ignore', reject: false },
    );
    expect(run.exitCode).toBe(3);
    try {
      expect(sleepsLeft(marker)).toHaveLength(3);
    } finally {
      killAll(marker);
    }
  });

  it("keeps the agent's exit status and sweeps away everything it left behind", async () => {
    const marker = uniqueMarker();
    const run = await inNamespace(process.pid, '5', ['/bin/sh', '-c', leaveBehind(marker)]);
    try {
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(3);
      expect(await waitFor(() => sleepsLeft(marker).length === 0, 2_000)).toBe(true);
    } finally {
      killAll(marker);
    }
  });

  it('relays SIGTERM to every process of the sandbox, then SIGKILLs what ignores it after the grace', async () => {
    const marker = uniqueMarker();
    placeAgent(layout, 'stubborn-agent.mjs');
    const run = inNamespace(process.pid, '0.300', [process.execPath, 'stubborn-agent.mjs', marker]);
    try {
      expect(await waitFor(() => existsSync(join(layout.workspace, 'ready')), 5_000)).toBe(true);
      // The script itself, not the bwrap processes whose command lines hold it too.
      const reaper = processesWith(marker).find((line) => /^\s*\d+\s+\S+\s+\/bin\/sh -c /.test(line));
      expect(reaper).toBeDefined();
      process.kill(Number(reaper!.trim().split(/\s+/)[0]), 'SIGTERM');
      expect(await waitFor(() => processesWith(marker).filter((line) => !line.includes('bwrap')).length === 0, 3_000)).toBe(true);
      expect(readFileSync(join(layout.workspace, 'got-term'), 'utf8')).toBe('SIGTERM');
      await run;
    } finally {
      killAll(marker);
    }
  });

  it('refuses to start when it could signal the process it is told to leave alone', async () => {
    // pid 1 inside the namespace is bwrap's init: signalable from the script, like an unsandboxed runner would be.
    const run = await inNamespace(1, '1', ['/bin/sh', '-c', 'echo agent ran']);
    expect(run.exitCode).toBe(125);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('overnight: sandbox self-check failed: a sandboxed process could signal the runner (pid 1); not starting');
  });
});
