import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedactor } from '../../../../src/runner/process/redact.js';
import { runVerify } from '../../../../src/runner/cycle/session/verify.js';
import type { PreparedRun } from '../../../../src/runner/sandbox/containment.js';

let dir: string;
let logFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'overnight-verify-'));
  logFile = join(dir, 'session.log');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

let disposed = 0;
/** What containment prepares with `sandbox.mode: "off"`: a private temp dir, no sandbox. */
const uncontained = (): PreparedRun => ({ tmpDir: join(dir, 'tmp'), defaultEnv: {}, dispose: async () => void (disposed += 1) });
const base = () => ({ cwd: dir, logFile, redact: createRedactor([]), timeoutMs: 10_000, from: { PATH: process.env.PATH }, prepared: uncontained() });

describe('runVerify', () => {
  it('is skipped without a command, running nothing', async () => {
    expect(await runVerify({ ...base(), command: undefined })).toStrictEqual({ result: 'skipped', timedOut: false, outputTail: '' });
    expect(() => readFileSync(logFile)).toThrow();
  });

  it('passes when the command exits 0, in the worktree, through the shell', async () => {
    writeFileSync(join(dir, 'package.json'), '{}');
    const result = await runVerify({ ...base(), command: 'test -f package.json && echo "ok: $(basename "$PWD")"' });
    expect(result).toStrictEqual({ result: 'passed', exitCode: 0, timedOut: false, outputTail: `ok: ${dir.split('/').at(-1)}` });
    expect(readFileSync(logFile, 'utf8')).toBe(`[overnight] verify: test -f package.json && echo "ok: $(basename "$PWD")"\nok: ${dir.split('/').at(-1)}\n`);
  });

  it('fails with the exit code and the end of the output', async () => {
    const command = 'for i in $(seq 1 100); do echo "test $i"; done; echo "1 failed" >&2; exit 1';
    const result = await runVerify({ ...base(), command });
    expect(result).toMatchObject({ result: 'failed', exitCode: 1, timedOut: false });
    const lines = result.outputTail.split('\n');
    expect(lines).toHaveLength(60);
    expect(lines[0]).toBe('test 42');
    expect(lines.at(-1)).toBe('1 failed');
  });

  it('fails on timeout after stopping the whole group', async () => {
    const pidFile = join(dir, 'pid');
    const result = await runVerify({ ...base(), command: `sleep 30 & echo $! > ${pidFile}; wait`, timeoutMs: 300, graceMs: 200 });
    expect(result).toMatchObject({ result: 'failed', timedOut: true });
    expect(result.exitCode).toBeUndefined();
    const sleeper = readFileSync(pidFile, 'utf8').trim();
    const state = (() => {
      try {
        return execFileSync('ps', ['-o', 'stat=', '-p', sleeper], { encoding: 'utf8' }).trim();
      } catch {
        return '';
      }
    })();
    expect(state === '' || state.startsWith('Z')).toBe(true);
  });

  it('runs without the GitHub token and redacts its output', async () => {
    const secret = 'runner-push-secret';
    const result = await runVerify({
      ...base(),
      from: { PATH: process.env.PATH, GITHUB_TOKEN: secret, OPENAI_API_KEY: 'sk-model', DATABASE_URL: 'postgres://x' },
      passEnv: ['DATABASE_URL'],
      redact: createRedactor([secret]),
      command: `echo "seen=\${GITHUB_TOKEN:-none} model=\${OPENAI_API_KEY:-none} db=\${DATABASE_URL:-none}"; echo "${secret}"`,
    });
    expect(result.outputTail).toBe('seen=none model=none db=postgres://x\n[REDACTED]');
    expect(readFileSync(logFile, 'utf8')).not.toContain(secret);
  });

  it('disposes of its private temp dir whatever happens, a skip included', async () => {
    disposed = 0;
    await runVerify({ ...base(), command: undefined });
    await runVerify({ ...base(), command: 'exit 3' });
    expect(disposed).toBe(2);
  });
});
