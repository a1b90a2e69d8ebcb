import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `overnight ...args` in-process as a user would type it, capturing what it writes. */
export async function runCli(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await main(['node', 'overnight', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = 0;
  }
}

/** Puts an executable `#!/bin/sh` script named `name` into `dir`. */
export function writeScript(dir: string, name: string, body: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

export const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', ...args], { cwd, encoding: 'utf8' }).trim();

/**
 * A clone of a bare origin whose configured URL is `remoteUrl` (sent to the bare repository by
 * insteadOf), holding `files` on main, with origin/HEAD known.
 */
export function makeClone(root: string, name: string, files: Record<string, string>, remoteUrl = `git@github.com:acme/${name}.git`): string {
  const origin = join(root, `${name}-origin.git`);
  const clone = join(root, name);
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  git(root, 'init', '--quiet', '--initial-branch=main', clone);
  git(clone, 'config', `url.${origin}.insteadOf`, remoteUrl);
  git(clone, 'remote', 'add', 'origin', remoteUrl);
  for (const [path, text] of Object.entries({ 'README.md': `# ${name}\n`, ...files })) writeFileSync(join(clone, path), text);
  git(clone, 'add', '--all');
  git(clone, 'commit', '--quiet', '-m', 'initial');
  git(clone, 'push', '--quiet', 'origin', 'main');
  git(clone, 'fetch', '--quiet', 'origin');
  git(clone, 'remote', 'set-head', 'origin', '--auto');
  return clone;
}
