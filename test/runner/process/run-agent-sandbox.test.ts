import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureAgent } from '../helpers/config.js';
import { childEnv } from '../../../src/runner/process/child-env.js';
import { createRedactor } from '../../../src/runner/process/redact.js';
import { runAgent } from '../../../src/runner/process/run-agent.js';
import { runVerify } from '../../../src/runner/cycle/session/verify.js';
import { createContainment, type Containment } from '../../../src/runner/sandbox/containment.js';
import { detectSandbox } from '../../../src/runner/sandbox/detect-sandbox.js';
import { makeLayout, processesWith, startVictim, uniqueMarker, type Layout } from '../sandbox/sandbox-harness.js';

const detection = process.platform === 'linux' ? await detectSandbox() : undefined;
const bwrap = detection?.ok ? detection : undefined;
const why = detection && !detection.ok ? `${detection.reason}; fix: ${detection.fix}` : 'not Linux';

/** The runner's own environment during these tests: a token the agent must never see. */
const RUNNER_ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', GITHUB_TOKEN: 'ghp_' + 'R'.repeat(36), ANTHROPIC_API_KEY: 'sk-ant-test' };

describe.skipIf(!bwrap)(`runAgent inside bubblewrap, against a hostile agent${bwrap ? '' : ` (skipped: ${why})`}`, () => {
  let layout: Layout;
  let containment: Containment;
  beforeEach(() => {
    layout = makeLayout();
    containment = createContainment({
      config: { mode: 'required', network: 'open', allowRead: [], allowWrite: [] },
      dataDir: layout.state,
      neverRead: [layout.configFile],
      home: layout.home,
      detect: async () => bwrap!,
    });
  });
  afterEach(() => layout.cleanup());

  /** Prepares the session's sandbox the way the cycle does and runs the hostile agent in it. */
  async function runHostile(marker: string, options: { hang?: boolean; timeoutMs?: number; graceMs?: number }) {
    copyFileSync(fixtureAgent('escape-attempts.mjs'), join(layout.workspace, 'agent.mjs'));
    const prepared = await containment.prepare({ name: 's1', kind: 'claude-code', workspace: layout.workspace });
    const env = childEnv({ purpose: 'claude-code', from: { ...RUNNER_ENV, HOME: layout.home }, defaults: prepared.defaultEnv });
    try {
      return await runAgent({
        bin: process.execPath,
        args: ['agent.mjs', marker, ...(options.hang ? ['--hang'] : [])],
        cwd: layout.workspace,
        env,
        sandbox: prepared.sandbox,
        timeoutMs: options.timeoutMs ?? 20_000,
        graceMs: options.graceMs ?? 1_000,
        logFile: join(layout.root, 'session.log'),
        redact: createRedactor([]),
      });
    } finally {
      await prepared.dispose();
    }
  }

  it('gets no key, writes nothing in home, sees no runner, and leaves no setsid sleep behind', async () => {
    const secret = `secret-${uniqueMarker()}`;
    const victim = startVictim(secret);
    try {
      writeFileSync(join(layout.workspace, 'escape-input.json'), JSON.stringify({ runnerPid: victim.pid }));
      const marker = uniqueMarker();
      const run = await runHostile(marker, {});
      expect(run).toMatchObject({ exitCode: 0, timedOut: false, groupGone: true });
      expect(run.stdout).toBe('escape attempts done');
      // Nothing of the run is alive once runAgent has returned.
      expect(processesWith(marker)).toEqual([]);

      const report = JSON.parse(readFileSync(join(layout.workspace, 'escape-report.json'), 'utf8'));
      expect(report['read-ssh-key']).toEqual({ outcome: 'denied', detail: 'ENOENT' });
      expect(report['write-home']).toEqual({ outcome: 'denied', detail: 'EROFS' });
      expect(report['read-runner-environ'].outcome).toBe('denied');
      expect(report['gh-auth-token'].outcome).toBe('denied');
      expect(report.escapee).toBe('running');
      expect(existsSync(join(layout.home, 'planted'))).toBe(false);
      // The allow-list reached the agent; the runner's token did not.
      expect(report.env).toContain('ANTHROPIC_API_KEY');
      expect(report.env).not.toContain('GITHUB_TOKEN');
      expect(report.env).toEqual(expect.arrayContaining(['HOME', 'TMPDIR', 'npm_config_cache', 'XDG_CACHE_HOME']));
      // The private temp dir is gone with the run.
      expect(existsSync(join(layout.state, 'tmp', 's1'))).toBe(false);
    } finally {
      victim.kill('SIGKILL');
    }
  });

  it('ends at the budget an agent that ignores SIGTERM and left a setsid sleep, within budget plus grace', async () => {
    writeFileSync(join(layout.workspace, 'escape-input.json'), JSON.stringify({ runnerPid: process.pid }));
    const marker = uniqueMarker();
    const started = Date.now();
    const run = await runHostile(marker, { hang: true, timeoutMs: 1_500, graceMs: 500 });
    const tookMs = Date.now() - started;
    expect(run).toMatchObject({ timedOut: true, groupGone: true, exitCode: undefined });
    expect(processesWith(marker)).toEqual([]);
    // The agent was asked first (SIGTERM inside the sandbox), then the namespace went.
    expect(readFileSync(join(layout.workspace, 'got-term'), 'utf8')).toBe('SIGTERM');
    expect(readFileSync(join(layout.root, 'session.log'), 'utf8')).toContain('[overnight] time budget of 1500 ms reached: stopping the bwrap sandbox of pid');
    // Generous for a loaded machine: what matters is that it does not wait for the 30 s sleep.
    expect(tookMs).toBeLessThan(15_000);
  });

  it('runs the verify command in the sandbox as kind "command": no key, no agent state, no model key, and cleaned up', async () => {
    const prepared = await containment.prepare({ name: 's1-verify', kind: 'command', workspace: layout.workspace });
    const result = await runVerify({
      command: 'cat "$HOME/.ssh/id_rsa" || echo "no key"; cat "$HOME/.claude.json" || echo "no state"; echo "key=${ANTHROPIC_API_KEY:-none}"; echo ok > built.txt',
      cwd: layout.workspace,
      timeoutMs: 20_000,
      logFile: join(layout.root, 'session.log'),
      redact: createRedactor([]),
      prepared,
      from: { ...RUNNER_ENV, HOME: layout.home },
    });
    expect(result.result).toBe('passed');
    expect(result.outputTail).toContain('no key');
    expect(result.outputTail).toContain('no state');
    expect(result.outputTail).toContain('key=none');
    expect(result.outputTail).not.toContain('BEGIN OPENSSH');
    expect(readFileSync(join(layout.workspace, 'built.txt'), 'utf8')).toBe('ok\n');
    expect(readFileSync(join(layout.root, 'session.log'), 'utf8')).toContain('(inside bwrap)');
    expect(existsSync(join(layout.state, 'tmp', 's1-verify'))).toBe(false);
  });
});
