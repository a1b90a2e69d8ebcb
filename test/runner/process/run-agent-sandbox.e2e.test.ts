import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compiledLib } from '../../e2e/helpers/compiled-cli.js';
import { fixtureAgent } from '../helpers/config.js';
import { detectSandbox } from '../../../src/runner/sandbox/detect-sandbox.js';
import { giveLayoutTo, makeLayout, processesWith, testUsers, uniqueMarker, waitFor, type Layout } from '../sandbox/sandbox-harness.js';

// The same hostile agent as run-agent-sandbox.test.ts, but with the runner itself running as an
// unprivileged user, as on a laptop: bubblewrap then needs unprivileged user namespaces, and
// the runner cannot kill what it does not own. Needs the compiled lib/ (this is an e2e file).
const detection = process.platform === 'linux' ? await detectSandbox() : undefined;
const unprivileged = testUsers().find((user) => user.uid !== undefined);
const CHILD = new URL('../../fixtures/runner/contained-run-child.mjs', import.meta.url).pathname;

describe.skipIf(!detection?.ok || !unprivileged)('runAgent inside bubblewrap, the runner as an unprivileged user', () => {
  let layout: Layout;
  beforeEach(() => {
    layout = makeLayout();
  });
  afterEach(() => layout.cleanup());

  async function runAs(uid: number, args: string[], limits: { timeoutMs: number; graceMs: number }) {
    copyFileSync(fixtureAgent('escape-attempts.mjs'), join(layout.workspace, 'agent.mjs'));
    writeFileSync(join(layout.workspace, 'escape-input.json'), JSON.stringify({ runnerPid: process.pid }));
    const inputFile = join(layout.root, 'input.json');
    writeFileSync(inputFile, JSON.stringify({ ...layout, args, ...limits }));
    giveLayoutTo(layout, uid);
    const { stdout } = await promisify(execFile)('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', process.execPath, CHILD, compiledLib(), inputFile], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', GITHUB_TOKEN: 'ghp_' + 'U'.repeat(36) },
    });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as { exitCode?: number; timedOut: boolean; groupGone: boolean };
  }

  it('gets no key, writes nothing in home, and leaves no setsid sleep behind', async () => {
    const marker = uniqueMarker();
    const run = await runAs(unprivileged!.uid!, ['agent.mjs', marker], { timeoutMs: 20_000, graceMs: 1_000 });
    expect(run).toMatchObject({ exitCode: 0, timedOut: false, groupGone: true });
    expect(processesWith(marker)).toEqual([]);
    const report = JSON.parse(readFileSync(join(layout.workspace, 'escape-report.json'), 'utf8'));
    expect(report['read-ssh-key']).toEqual({ outcome: 'denied', detail: 'ENOENT' });
    expect(report['write-home']).toEqual({ outcome: 'denied', detail: 'EROFS' });
    expect(report['read-runner-environ'].outcome).toBe('denied');
    expect(report.escapee).toBe('running');
    expect(report.env).not.toContain('GITHUB_TOKEN');
    expect(existsSync(join(layout.home, 'planted'))).toBe(false);
  });

  it('ends an agent that ignores SIGTERM at its budget, its setsid sleep with it', async () => {
    const marker = uniqueMarker();
    const run = await runAs(unprivileged!.uid!, ['agent.mjs', marker, '--hang'], { timeoutMs: 1_500, graceMs: 500 });
    expect(run).toMatchObject({ timedOut: true, groupGone: true });
    expect(processesWith(marker)).toEqual([]);
    expect(readFileSync(join(layout.workspace, 'got-term'), 'utf8')).toBe('SIGTERM');
  });
});

describe.skipIf(!detection?.ok)('a sandboxed agent when its runner dies (SIGKILL, a crash)', () => {
  let layout: Layout;
  beforeEach(() => {
    layout = makeLayout();
  });
  afterEach(() => layout.cleanup());

  it('dies with the runner, setsid sleep and all: nothing is left for recovery to find', async () => {
    const marker = uniqueMarker();
    copyFileSync(fixtureAgent('escape-attempts.mjs'), join(layout.workspace, 'agent.mjs'));
    writeFileSync(join(layout.workspace, 'escape-input.json'), JSON.stringify({ runnerPid: process.pid }));
    const inputFile = join(layout.root, 'input.json');
    writeFileSync(inputFile, JSON.stringify({ ...layout, args: ['agent.mjs', marker, '--hang'], timeoutMs: 60_000, graceMs: 1_000 }));
    const runner = spawn(process.execPath, [CHILD, compiledLib(), inputFile], { stdio: 'ignore', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    try {
      expect(await waitFor(() => existsSync(join(layout.workspace, 'escape-report.json')), 20_000)).toBe(true);
      expect(processesWith(marker).length).toBeGreaterThan(0);
      runner.kill('SIGKILL');
      // bwrap's --die-with-parent ends the sandbox's PID namespace, and everything in it, with the runner.
      expect(await waitFor(() => processesWith(marker).length === 0, 5_000)).toBe(true);
      expect(processesWith(layout.workspace)).toEqual([]);
    } finally {
      runner.kill('SIGKILL');
    }
  });
});
