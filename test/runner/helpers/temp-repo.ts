import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempRepo {
  root: string;
  /** The bare `origin` (a file-path remote). */
  origin: string;
  /** The developer's checkout. */
  dev: string;
  /** The runner's data dir. */
  dataDir: string;
  git(cwd: string, ...args: string[]): string;
  cleanup(): void;
}

const IDENTITY = ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com'];

/** A bare origin with one commit on main and a developer clone of it, in a fresh temp dir. */
export function createTempRepo(files: Record<string, string> = { 'README.md': '# widgets\n' }): TempRepo {
  const root = mkdtempSync(join(tmpdir(), 'overnight-cycle-'));
  const origin = join(root, 'origin.git');
  const dev = join(root, 'dev');
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', [...IDENTITY, ...args], { cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  git(root, 'clone', '--quiet', origin, dev);
  git(dev, 'config', 'user.name', 'Dev');
  git(dev, 'config', 'user.email', 'dev@example.com');
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dev, path), text);
  git(dev, 'add', '--all');
  git(dev, 'commit', '--quiet', '-m', 'initial');
  git(dev, 'push', '--quiet', 'origin', 'HEAD:main');
  return { root, origin, dev, dataDir: join(root, 'data'), git, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
