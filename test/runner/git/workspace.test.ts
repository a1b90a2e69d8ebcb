import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGit } from '../../../src/runner/git/git.js';
import { createWorkspaces } from '../../../src/runner/git/workspace.js';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.js';

let repo: TempRepo;
beforeEach(() => {
  repo = createTempRepo({ 'README.md': '# widgets\n', '.gitignore': 'node_modules/\n' });
});
afterEach(() => repo.cleanup());

const workspaces = () => createWorkspaces({ git: createGit(), repoPath: repo.dev, remote: 'origin', base: 'main', root: join(repo.dataDir, 'worktrees') });

function pushUpstream(file: string, text: string): string {
  const other = join(repo.root, 'upstream');
  if (!existsSync(other)) repo.git(repo.root, 'clone', '--quiet', repo.origin, other);
  else repo.git(other, 'pull', '--quiet', 'origin', 'main');
  writeFileSync(join(other, file), text);
  repo.git(other, 'add', file);
  repo.git(other, 'commit', '--quiet', '-m', `add ${file}`);
  repo.git(other, 'push', '--quiet', 'origin', 'HEAD:main');
  return repo.git(other, 'rev-parse', 'HEAD').trim();
}

describe('workspaces', () => {
  it('fetches the base and makes a detached worktree named by the session, never touching the checkout', async () => {
    writeFileSync(join(repo.dev, 'README.md'), 'local edit\n');
    const devHead = repo.git(repo.dev, 'rev-parse', 'HEAD');
    const upstream = pushUpstream('NEW.md', 'from upstream\n');
    const workspace = await workspaces().create('20261128-0100-aaaaaa');
    expect(workspace).toStrictEqual({ path: join(repo.dataDir, 'worktrees', '20261128-0100-aaaaaa'), baseSha: upstream, startSha: upstream });
    expect(readFileSync(join(workspace.path, 'NEW.md'), 'utf8')).toBe('from upstream\n');
    expect(repo.git(workspace.path, 'status', '--porcelain', '--branch').split('\n')[0]).toBe('## HEAD (no branch)');
    expect(repo.git(repo.dev, 'rev-parse', 'HEAD')).toBe(devHead);
    expect(readFileSync(join(repo.dev, 'README.md'), 'utf8')).toBe('local edit\n');
    expect(existsSync(join(repo.dev, 'NEW.md'))).toBe(false);
  });

  it('keeps a released worktree as a clean spare and reuses it at the new base', async () => {
    const ws = workspaces();
    const first = await ws.create('20261128-0100-aaaaaa');
    writeFileSync(join(first.path, 'README.md'), 'agent edit\n');
    writeFileSync(join(first.path, 'untracked.txt'), 'x\n');
    mkdirSync(join(first.path, 'node_modules'));
    writeFileSync(join(first.path, 'node_modules', 'ignored.js'), 'x\n');
    await ws.release('20261128-0100-aaaaaa');
    const spare = join(repo.dataDir, 'worktrees', 'spare-0');
    expect(existsSync(first.path)).toBe(false);
    expect(repo.git(spare, 'status', '--porcelain', '--ignored')).toBe('');

    const upstream = pushUpstream('NEXT.md', 'next night\n');
    const second = await ws.create('20261129-0100-bbbbbb');
    expect(existsSync(spare)).toBe(false);
    expect(second.baseSha).toBe(upstream);
    expect(repo.git(second.path, 'rev-parse', 'HEAD').trim()).toBe(upstream);
    expect(readFileSync(join(second.path, 'README.md'), 'utf8')).toBe('# widgets\n');
    expect(existsSync(join(second.path, 'NEXT.md'))).toBe(true);
    expect(existsSync(join(second.path, 'untracked.txt'))).toBe(false);
  });

  it('removes a worktree for good and prunes git’s record of it', async () => {
    const ws = workspaces();
    const { path } = await ws.create('20261128-0100-aaaaaa');
    await ws.remove('20261128-0100-aaaaaa');
    expect(existsSync(path)).toBe(false);
    expect(repo.git(repo.dev, 'worktree', 'list', '--porcelain')).not.toContain(path);
  });

  it('checks out the PR branch for a revision, keeping the PR base as the base', async () => {
    const base = repo.git(repo.dev, 'rev-parse', 'HEAD').trim();
    const other = join(repo.root, 'pr');
    repo.git(repo.root, 'clone', '--quiet', repo.origin, other);
    writeFileSync(join(other, 'PR.md'), 'pr work\n');
    repo.git(other, 'add', 'PR.md');
    repo.git(other, 'commit', '--quiet', '-m', 'pr');
    repo.git(other, 'push', '--quiet', 'origin', 'HEAD:refs/heads/agent/20261127-0100-cccccc');
    const prHead = repo.git(other, 'rev-parse', 'HEAD').trim();
    pushUpstream('LATER.md', 'base moved on\n');
    const workspace = await workspaces().create('20261128-0100-dddddd', { revisionBranch: 'agent/20261127-0100-cccccc' });
    expect(workspace).toMatchObject({ baseSha: base, startSha: prHead });
    expect(readFileSync(join(workspace.path, 'PR.md'), 'utf8')).toBe('pr work\n');
  });
});
