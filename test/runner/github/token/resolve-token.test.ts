import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { eraseInitialEnv } from '../../../../src/runner/github/token/erase-initial-env.js';
import { resolveToken } from '../../../../src/runner/github/token/resolve-token.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../../fixtures/runner/${name}`, import.meta.url));

describe('reading the token once', () => {
  it('takes both token variables out of the environment it read, so nothing the runner starts inherits them', async () => {
    const env: NodeJS.ProcessEnv = { GITHUB_TOKEN: 'ghs_a', GH_TOKEN: 'ghs_b', PATH: '/usr/bin' };
    const erased: unknown[] = [];
    expect(await resolveToken({ mode: 'env', env, consume: true, erase: (names) => erased.push(names) })).toBe('ghs_a');
    expect(env).toStrictEqual({ PATH: '/usr/bin' });
    // Not this process's environment: its block is not ours to erase.
    expect(erased).toStrictEqual([]);
  });

  it("erases the token from this process's own environment block too", async () => {
    vi.stubEnv('GITHUB_TOKEN', 'ghs_from_the_shell');
    const erased: unknown[] = [];
    try {
      expect(await resolveToken({ mode: 'env', consume: true, erase: (names) => erased.push(names) })).toBe('ghs_from_the_shell');
      expect(process.env.GITHUB_TOKEN).toBeUndefined();
      expect(erased).toStrictEqual([['GITHUB_TOKEN', 'GH_TOKEN']]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('leaves the environment alone without consume (doctor, dry runs)', async () => {
    const env: NodeJS.ProcessEnv = { GITHUB_TOKEN: 'ghs_a' };
    await resolveToken({ mode: 'env', env });
    expect(env).toStrictEqual({ GITHUB_TOKEN: 'ghs_a' });
  });
});

describe('erasing a variable from the initial environment block', () => {
  it.runIf(process.platform === 'linux')('hides its value from /proc/<pid>/environ and keeps every other variable', async () => {
    const secret = 'ghs_visibleToEveryProcessOfTheUser0123';
    const child = spawn(process.execPath, ['--import', fixture('register-ts.mjs'), fixture('erase-env-child.ts')], {
      env: { ...process.env, OVERNIGHT_TEST_SECRET: secret, OVERNIGHT_TEST_KEPT: 'kept' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const said = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(String(chunk))));
      expect(said).toBe('erased kept\n');
      const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8');
      expect(environ).not.toContain(secret);
      expect(environ.split('\0')).toContain('OVERNIGHT_TEST_KEPT=kept');
      expect(environ.split('\0')).toContain('OVERNIGHT_TEST_SECRET=');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('says when it cannot: no /proc on macOS, or a /proc it may not write', () => {
    expect(eraseInitialEnv(['GITHUB_TOKEN'], { platform: 'darwin' })).toBe('unsupported');
    expect(eraseInitialEnv(['GITHUB_TOKEN'], { platform: 'linux', proc: '/nonexistent' })).toBe('unsupported');
  });
});
