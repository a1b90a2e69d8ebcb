import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DemoError, runDemo } from '../../src/demo/run-demo.js';
import { runnerEnvironment } from '../../src/demo/start-runner.js';

describe('runDemo --agent', () => {
  it('fails before starting anything when the agent is unknown, naming the agents it knows', async () => {
    const dir = join(tmpdir(), `overnight-demo-never-${process.pid}`);
    const printed: string[] = [];
    const run = runDemo({ agent: 'nosuch', dir, write: (text) => printed.push(text) });
    await expect(run).rejects.toThrow(DemoError);
    await expect(run).rejects.toThrow('--agent nosuch: agent "nosuch" is not defined in agents.defs and is not a built-in (known: claude-code, codex, aider, demo)');
    expect(printed).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('runnerEnvironment', () => {
  it('puts the stand-ins first on PATH, claims a Mac, swaps any real token for the sandbox one, and lowers the tick floor', () => {
    const env = runnerEnvironment(
      { PATH: '/usr/bin:/bin', HOME: '/home/me', GH_TOKEN: 'gho_real', GITHUB_TOKEN: 'ghp_real' },
      { home: '/tmp/d/runner', standins: '/tmp/d/sandbox/bin', token: 'sandbox-token' },
    );
    expect(env).toEqual({
      PATH: `/tmp/d/sandbox/bin${delimiter}/usr/bin:/bin`,
      HOME: '/home/me',
      OVERNIGHT_PLATFORM: 'darwin',
      OVERNIGHT_HOME: '/tmp/d/runner',
      GITHUB_TOKEN: 'sandbox-token',
      OVERNIGHT_TICK_FLOOR: '1s',
    });
  });
});

describe('runDemo --dir', () => {
  it('refuses a directory that already holds something, before starting anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overnight-demo-used-'));
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    const printed: string[] = [];
    await expect(runDemo({ dir, write: (text) => printed.push(text) })).rejects.toThrow(`--dir ${dir} is not empty`);
    expect(printed).toEqual([]);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    rmSync(dir, { recursive: true });
  });
});
