import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectSandbox } from '../../../src/runner/sandbox/detect-sandbox.js';
import { prepareSandbox } from '../../../src/runner/sandbox/prepare-sandbox.js';
import { stopSandbox } from '../../../src/runner/sandbox/stop-sandbox.js';
import { trackProcessTree } from '../../../src/runner/sandbox/track-process-tree.js';
import {
  isAlive,
  layoutPolicy,
  makeLayout,
  placeAgent,
  processesWith,
  runSandboxed,
  spawnSandboxed,
  startVictim,
  uniqueMarker,
  waitFor,
  type Layout,
} from './sandbox-harness.js';

// Seatbelt for real: only macOS has sandbox-exec, so this file runs in the macOS CI job.
const darwin = process.platform === 'darwin';
const detection = darwin ? await detectSandbox() : undefined;

describe.runIf(darwin)('an agent inside Seatbelt (sandbox-exec)', () => {
  let layout: Layout;
  beforeEach(() => {
    layout = makeLayout();
    mkdirSync(join(layout.home, 'Library', 'Keychains'), { recursive: true });
    writeFileSync(join(layout.home, 'Library', 'Keychains', 'login.keychain-db'), 'fake keychain\n');
  });
  afterEach(() => layout.cleanup());

  const sandbox = () => {
    if (!detection?.ok) throw new Error(`sandbox-exec must work on macOS: ${detection?.ok === false ? `${detection.reason}; ${detection.fix}` : 'not detected'}`);
    return detection;
  };

  it('is detected and applies a profile', () => {
    expect(sandbox()).toMatchObject({ ok: true, tool: 'sandbox-exec', path: '/usr/bin/sandbox-exec' });
  });

  it('fails at every escape a hostile agent tries, and the reaper takes down what it left behind', async () => {
    const secret = `secret-${uniqueMarker()}`;
    const marker = uniqueMarker();
    const victim = startVictim(secret);
    process.env.OVERNIGHT_TEST_SECRET = secret;
    try {
      placeAgent(layout, 'hostile-agent.mjs');
      writeFileSync(join(layout.workspace, 'secret-to-find.txt'), secret);
      writeFileSync(
        join(layout.workspace, 'hostile-input.json'),
        JSON.stringify({ runnerPid: victim.pid, testPid: process.pid, clone: layout.clone, stateFile: layout.stateFile, configFile: layout.configFile, marker }),
      );
      const run = await runSandboxed(layoutPolicy(layout), sandbox(), [process.execPath, 'hostile-agent.mjs']);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe('hostile agent done');
      expect(run.exitCode).toBe(0);

      const report = JSON.parse(readFileSync(join(layout.workspace, 'hostile-report.json'), 'utf8')) as Record<string, { outcome: string; detail: string }>;
      for (const attempt of [
        'read-ssh-key',
        'list-ssh-dir',
        'read-gitconfig',
        'read-keychain',
        'read-runner-state',
        'read-runner-config',
        'read-runner-environ',
        'scan-all-environ',
        'write-home',
        'write-clone',
        'plant-agent-hook',
        'kill-runner',
        'kill-test-process',
      ]) {
        expect({ attempt, ...report[attempt] }).toMatchObject({ attempt, outcome: 'denied' });
      }
      for (const attempt of ['read-ssh-key', 'read-keychain', 'write-home', 'write-clone', 'plant-agent-hook', 'kill-runner']) {
        expect([attempt, report[attempt]!.detail]).toEqual([attempt, 'EPERM']);
      }
      // Seatbelt can hide the process list but not a known pid's name: see-runner-process is not asserted here.
      expect(report.escapees!.detail).toBe('double-fork,setsid');

      expect(isAlive(victim.pid!)).toBe(true);
      expect(existsSync(join(layout.home, 'evil'))).toBe(false);
      expect(existsSync(join(layout.clone, 'evil.txt'))).toBe(false);
      expect(readFileSync(layout.settings, 'utf8')).toBe('{}\n');
      expect(await waitFor(() => processesWith(marker).length === 0, 3_000)).toBe(true);
    } finally {
      delete process.env.OVERNIGHT_TEST_SECRET;
      victim.kill('SIGKILL');
    }
  });

  it('lets legitimate work through: the workspace, TMPDIR, its own state, node, git, the npm cache', async () => {
    const script = [
      'set -e',
      'echo built > result.txt',
      'echo scratch > "$TMPDIR/scratch.txt" && cat "$TMPDIR/scratch.txt"',
      'echo remembered >> "$HOME/.claude/notes.md"',
      'cat "$HOME/.claude.json"',
      'cat "$HOME/.npm/marker.txt"',
      `"${process.execPath}" -e 'console.log("node", process.version)'`,
      'git --version',
    ].join('\n');
    const run = await runSandboxed(layoutPolicy(layout), sandbox(), ['/bin/sh', '-c', script]);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n').slice(0, 4)).toEqual(['scratch', '{"numStartups":1}', 'npm cache here', `node ${process.version}`]);
    expect(run.stdout.split('\n')[4]).toMatch(/^git version \d+\./);
    expect(readFileSync(join(layout.workspace, 'result.txt'), 'utf8')).toBe('built\n');
    expect(readFileSync(join(layout.home, '.claude', 'notes.md'), 'utf8')).toBe('remembered\n');
  });

  it('stops a stubborn agent and everything it spawned, setsid or not', async () => {
    const marker = uniqueMarker();
    placeAgent(layout, 'stubborn-agent.mjs');
    const policy = layoutPolicy(layout);
    await prepareSandbox(policy);
    const graceMs = 1_500;
    const run = spawnSandboxed(policy, sandbox(), [process.execPath, 'stubborn-agent.mjs', marker], { graceMs });
    const tree = trackProcessTree(run.pid!, { intervalMs: 50 });
    try {
      expect(await waitFor(() => existsSync(join(layout.workspace, 'ready')), 10_000)).toBe(true);
      const running = processesWith(marker).join('\n');
      expect(running).toContain(`${marker}-setsid`);
      expect(running).toContain(`${marker}-double-fork`);
      expect(running).toContain(`sleep 60.${marker}`);
      expect(await stopSandbox(run.pid!, { tool: 'sandbox-exec', graceMs, tree })).toBe(true);
      await run;
      expect(readFileSync(join(layout.workspace, 'got-term'), 'utf8')).toBe('SIGTERM');
      expect(await waitFor(() => processesWith(marker).length === 0, 3_000)).toBe(true);
    } finally {
      tree.close();
    }
  });
});
