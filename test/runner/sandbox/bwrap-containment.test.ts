import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectSandbox } from '../../../src/runner/sandbox/detect-sandbox.js';
import { prepareSandbox } from '../../../src/runner/sandbox/prepare-sandbox.js';
import { stopSandbox } from '../../../src/runner/sandbox/stop-sandbox.js';
import { trackProcessTree } from '../../../src/runner/sandbox/track-process-tree.js';
import type { SandboxPolicy } from '../../../src/runner/sandbox/types.js';
import {
  giveLayoutTo,
  isAlive,
  layoutPolicy,
  makeLayout,
  placeAgent,
  processesWith,
  runSandboxed,
  spawnSandboxed,
  startVictim,
  testUsers,
  uniqueMarker,
  waitFor,
  type Layout,
} from './sandbox-harness.js';

const linux = process.platform === 'linux';
const detection = linux ? await detectSandbox() : undefined;
const bwrap = detection?.ok ? detection : undefined;
const why = detection && !detection.ok ? `${detection.reason}; fix: ${detection.fix}` : 'not Linux';

// The CI workflow installs bubblewrap and lifts Ubuntu's userns restriction, then sets this so that a
// broken setup fails instead of silently skipping every containment test.
describe.runIf(linux && process.env.OVERNIGHT_TEST_REQUIRE_BWRAP === '1')('bubblewrap where the tests require it', () => {
  it('is installed and usable, so the containment tests below are not skipped', () => {
    expect(bwrap ? 'usable' : why).toBe('usable');
  });
});

describe.skipIf(!bwrap)(`an agent inside bubblewrap${bwrap ? '' : ` (skipped: ${why})`}`, () => {
  const sandbox = bwrap!;
  let layout: Layout;
  beforeEach(() => {
    layout = makeLayout();
  });
  afterEach(() => layout.cleanup());

  describe.each(testUsers())('$name', ({ uid }) => {
    /** Prepared by the runner (root here), then handed to the user the agent runs as. */
    const runAs = async (as: number | undefined, policy: SandboxPolicy, argv: string[]) => {
      await prepareSandbox(policy);
      if (as !== undefined) giveLayoutTo(layout, as);
      return await spawnSandboxed(policy, sandbox, argv, { uid: as });
    };

    it('fails at every escape a hostile agent tries, and nothing it started outlives it', async () => {
      const secret = `secret-${uniqueMarker()}`;
      const marker = uniqueMarker();
      const victim = startVictim(secret);
      process.env.OVERNIGHT_TEST_SECRET = secret;
      try {
        placeAgent(layout, 'hostile-agent.mjs');
        writeFileSync(join(layout.workspace, 'secret-to-find.txt'), secret);
        writeFileSync(
          join(layout.workspace, 'hostile-input.json'),
          JSON.stringify({
            runnerPid: victim.pid,
            testPid: process.pid,
            clone: layout.clone,
            stateFile: layout.stateFile,
            configFile: layout.configFile,
            marker,
          }),
        );
        const run = await runAs(uid, layoutPolicy(layout), [process.execPath, 'hostile-agent.mjs']);
        expect(run.stderr).toBe('');
        expect(run.stdout).toBe('hostile agent done');
        expect(run.exitCode).toBe(0);

        const report = JSON.parse(readFileSync(join(layout.workspace, 'hostile-report.json'), 'utf8')) as Record<string, { outcome: string; detail: string }>;
        for (const attempt of [
          'read-ssh-key',
          'list-ssh-dir',
          'read-gitconfig',
          'read-runner-state',
          'read-runner-config',
          'read-runner-environ',
          'scan-all-environ',
          'see-runner-process',
          'write-home',
          'write-clone',
          'plant-agent-hook',
          'kill-runner',
          'kill-test-process',
        ]) {
          expect({ attempt, ...report[attempt] }).toMatchObject({ attempt, outcome: 'denied' });
        }
        expect(report['read-ssh-key']!.detail).toBe('ENOENT');
        expect(report['write-home']!.detail).toBe('EROFS');
        expect(report['plant-agent-hook']!.detail).toBe('EROFS');
        expect(report['kill-runner']!.detail).toBe('ESRCH');
        // The escapes were real: they were running when the agent exited.
        expect(report.escapees!.detail).toBe('double-fork,nohup-sleep,setsid,setsid-sleep');

        expect(isAlive(victim.pid!)).toBe(true);
        expect(existsSync(join(layout.home, 'evil'))).toBe(false);
        expect(existsSync(join(layout.clone, 'evil.txt'))).toBe(false);
        expect(readFileSync(layout.settings, 'utf8')).toBe('{}\n');
        // The bwrap process has exited: every process of its namespace went with it.
        expect(await waitFor(() => processesWith(marker).length === 0, 2_000)).toBe(true);
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
        'git init -q . && git status --short | head -1',
        'pwd',
      ].join('\n');
      const run = await runAs(uid, layoutPolicy(layout), ['/bin/sh', '-c', script]);
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines[0]).toBe('scratch');
      expect(lines[1]).toBe('{"numStartups":1}');
      expect(lines[2]).toBe('npm cache here');
      expect(lines[3]).toBe(`node ${process.version}`);
      expect(lines[4]).toMatch(/^git version \d+\./);
      expect(lines.at(-1)).toBe(layout.workspace);
      expect(readFileSync(join(layout.workspace, 'result.txt'), 'utf8')).toBe('built\n');
      expect(readFileSync(join(layout.tmpDir, 'scratch.txt'), 'utf8')).toBe('scratch\n');
      expect(readFileSync(join(layout.home, '.claude', 'notes.md'), 'utf8')).toBe('remembered\n');
    });
  });

  it('gives the verify command (kind "command") no agent state at all', async () => {
    const run = await runSandboxed(layoutPolicy(layout, { kind: 'command' }), sandbox, [
      '/bin/sh',
      '-c',
      'cat "$HOME/.claude.json" || true; echo x > "$HOME/.claude/notes.md" || true; echo tests ran',
    ]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('tests ran');
    expect(run.stderr).toContain('.claude.json: No such file or directory');
    expect(existsSync(join(layout.home, '.claude', 'notes.md'))).toBe(false);
  });

  it('stops a stubborn agent at the time budget: SIGTERM inside first, then the whole namespace', async () => {
    const marker = uniqueMarker();
    placeAgent(layout, 'stubborn-agent.mjs');
    const policy = layoutPolicy(layout);
    await prepareSandbox(policy);
    const run = spawnSandboxed(policy, sandbox, [process.execPath, 'stubborn-agent.mjs', marker]);
    const child = started(run);
    const tree = trackProcessTree(child.pid);
    expect(await waitFor(() => existsSync(join(layout.workspace, 'ready')), 5_000)).toBe(true);
    // Escapees are running, out of the agent's process group, before the stop.
    expectEscapees(marker);
    await tree.sample();

    expect(await stopSandbox(child.pid, { tool: 'bwrap', graceMs: 300, tree })).toBe(true);
    tree.close();
    const result = await run;
    expect(readFileSync(join(layout.workspace, 'got-term'), 'utf8')).toBe('SIGTERM');
    expect(result.signal ?? result.exitCode).toBeDefined();
    expect(processesWith(marker)).toEqual([]);
  });

  it('takes every process with it when the bwrap process itself is killed', async () => {
    const marker = uniqueMarker();
    placeAgent(layout, 'stubborn-agent.mjs');
    const policy = layoutPolicy(layout);
    await prepareSandbox(policy);
    const run = spawnSandboxed(policy, sandbox, [process.execPath, 'stubborn-agent.mjs', marker]);
    const child = started(run);
    expect(await waitFor(() => existsSync(join(layout.workspace, 'ready')), 5_000)).toBe(true);
    expectEscapees(marker);
    process.kill(child.pid, 'SIGKILL');
    await run;
    expect(await waitFor(() => processesWith(marker).length === 0, 2_000)).toBe(true);
  });
});

function expectEscapees(marker: string) {
  const running = processesWith(marker).join('\n');
  expect(running).toContain(`${marker}-setsid`);
  expect(running).toContain(`${marker}-double-fork`);
  expect(running).toContain(`sleep 60.${marker}`);
}

function started<T extends { pid?: number | undefined }>(run: T): T & { pid: number } {
  if (run.pid === undefined) throw new Error('the sandbox did not start');
  return run as T & { pid: number };
}
