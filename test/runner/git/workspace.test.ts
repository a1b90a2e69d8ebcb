import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGit } from '../../../src/runner/git/git.js';
import { openRunnerRepo } from '../../../src/runner/git/runner-repo.js';
import { createWorkspaces } from '../../../src/runner/git/workspace.js';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.js';
import { snapshotTree } from '../helpers/tree-snapshot.js';

let repo: TempRepo;
beforeEach(() => {
  repo = createTempRepo({ 'README.md': '# widgets\n', '.gitignore': 'node_modules/\n' });
});
afterEach(() => repo.cleanup());

const git = createGit();
const runnerRepo = () => join(repo.dataDir, 'repo.git');
const gitDirOf = (name: string) => join(repo.dataDir, 'git', 'sessions', name);

async function workspaces() {
  const opened = await openRunnerRepo({ git, path: runnerRepo(), clonePath: repo.dev, remote: 'origin', base: 'main' });
  return createWorkspaces({ git, repo: opened, base: 'main', root: join(repo.dataDir, 'workspaces'), gitDirs: join(repo.dataDir, 'git', 'sessions') });
}

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
  it("makes the session's workspace from the runner's repository, with a .git of the agent's own, and only reads the clone", async () => {
    writeFileSync(join(repo.dev, 'README.md'), 'local edit\n');
    const clone = snapshotTree(repo.dev);
    const upstream = pushUpstream('NEW.md', 'from upstream\n');
    const workspace = await (await workspaces()).create('20261128-0100-aaaaaa');
    expect(workspace).toStrictEqual({
      path: join(repo.dataDir, 'workspaces', '20261128-0100-aaaaaa'),
      gitDir: gitDirOf('20261128-0100-aaaaaa'),
      baseSha: upstream,
      startSha: upstream,
      sharedObjects: join(runnerRepo(), 'objects'),
    });
    expect(readFileSync(join(workspace.path, 'NEW.md'), 'utf8')).toBe('from upstream\n');
    // The agent's repository: HEAD detached at the base, clean, its history readable through the runner's objects.
    expect(repo.git(workspace.path, 'rev-parse', '--absolute-git-dir').trim()).toBe(join(workspace.path, '.git'));
    expect(repo.git(workspace.path, 'status', '--porcelain', '--branch')).toBe('## HEAD (no branch)\n');
    expect(repo.git(workspace.path, 'log', '--format=%s', '-1').trim()).toBe('add NEW.md');
    expect(readFileSync(join(workspace.path, '.git', 'objects', 'info', 'alternates'), 'utf8')).toBe(`${join(runnerRepo(), 'objects')}\n`);
    // The runner's git dir for it holds its HEAD and index only, outside the workspace.
    expect(readFileSync(join(workspace.gitDir, 'HEAD'), 'utf8').trim()).toBe(upstream);
    expect(snapshotTree(repo.dev)).toStrictEqual(clone);
    expect(repo.git(repo.dev, 'worktree', 'list', '--porcelain')).not.toContain(repo.dataDir);
  });

  it('keeps a released workspace as a clean spare, without the agent’s .git, and reuses it at the new base', async () => {
    const ws = await workspaces();
    const first = await ws.create('20261128-0100-aaaaaa');
    writeFileSync(join(first.path, 'README.md'), 'agent edit\n');
    writeFileSync(join(first.path, 'untracked.txt'), 'x\n');
    mkdirSync(join(first.path, 'node_modules'));
    writeFileSync(join(first.path, 'node_modules', 'ignored.js'), 'x\n');
    repo.git(first.path, 'commit', '--quiet', '-am', 'the agent commits in its own repository');
    writeFileSync(join(first.path, '.git', 'planted'), 'left for the next session\n');
    await ws.release('20261128-0100-aaaaaa');
    const spare = join(repo.dataDir, 'workspaces', 'spare-0');
    expect(existsSync(first.path)).toBe(false);
    expect(existsSync(join(spare, '.git'))).toBe(false);
    expect(existsSync(join(spare, 'untracked.txt'))).toBe(false);
    expect(existsSync(join(spare, 'node_modules'))).toBe(false);
    expect(existsSync(gitDirOf('spare-0'))).toBe(true);

    const upstream = pushUpstream('NEXT.md', 'next night\n');
    const second = await ws.create('20261129-0100-bbbbbb');
    expect(existsSync(spare)).toBe(false);
    expect(second.baseSha).toBe(upstream);
    expect(repo.git(second.path, 'rev-parse', 'HEAD').trim()).toBe(upstream);
    expect(readFileSync(join(second.path, 'README.md'), 'utf8')).toBe('# widgets\n');
    expect(existsSync(join(second.path, 'NEXT.md'))).toBe(true);
    expect(existsSync(join(second.path, '.git', 'planted'))).toBe(false);
    expect(repo.git(second.path, 'status', '--porcelain')).toBe('');
  });

  it('removes a workspace and the runner’s git dir for it', async () => {
    const ws = await workspaces();
    const { path, gitDir } = await ws.create('20261128-0100-aaaaaa');
    await ws.remove('20261128-0100-aaaaaa');
    expect(existsSync(path)).toBe(false);
    expect(existsSync(gitDir)).toBe(false);
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
    const workspace = await (await workspaces()).create('20261128-0100-dddddd', { revisionBranch: 'agent/20261127-0100-cccccc' });
    expect(workspace).toMatchObject({ baseSha: base, startSha: prHead });
    expect(readFileSync(join(workspace.path, 'PR.md'), 'utf8')).toBe('pr work\n');
  });

  it("stages through the runner's git dir only: a filter, hook or fsmonitor the agent set in its .git runs nothing", async () => {
    const ws = await workspaces();
    const workspace = await ws.create('20261128-0100-aaaaaa');
    const marker = join(repo.root, 'pwned');
    const evil = join(repo.root, 'evil.git');
    repo.git(repo.root, 'init', '--quiet', '--bare', evil);
    repo.git(repo.root, '--git-dir', evil, 'config', 'core.bare', 'false');
    // The path is in the command itself: the runner's git keeps the environment it was created with.
    // Only the armed control below sets ARMED, so its trap is a different file.
    const run = `touch "${marker}$ARMED"`;
    repo.git(repo.root, '--git-dir', evil, 'config', 'filter.x.clean', `sh -c '${run}; cat'`);
    repo.git(repo.root, '--git-dir', evil, 'config', 'core.fsmonitor', `sh -c '${run}'`);
    repo.git(repo.root, '--git-dir', evil, 'config', 'diff.x.textconv', `sh -c '${run}; cat'`);
    // The agent points its .git at a git dir of its own, and in its real .git plants hooks.
    mkdirSync(join(workspace.path, '.git', 'hooks'), { recursive: true });
    for (const hook of ['pre-commit', 'reference-transaction', 'post-index-change', 'post-checkout']) {
      writeFileSync(join(workspace.path, '.git', 'hooks', hook), `#!/bin/sh\n${run}\n`, { mode: 0o755 });
    }
    renameSync(join(workspace.path, '.git'), join(workspace.path, 'real.git'));
    writeFileSync(join(workspace.path, '.git'), `gitdir: ${evil}\n`);
    writeFileSync(join(workspace.path, '.gitattributes'), '* filter=x diff=x\n');
    writeFileSync(join(workspace.path, 'NOTES.md'), 'the change\n');

    const staged = await ws.stage('20261128-0100-aaaaaa', workspace.baseSha);
    const patch = join(repo.root, 'session.patch');
    expect(await ws.snapshot('20261128-0100-aaaaaa', workspace.baseSha, patch)).toBe(true);
    // The trap is armed: git run the ordinary way in that directory springs it.
    const armed = join(repo.root, 'armed');
    cpSync(workspace.path, armed, { recursive: true });
    execFileSync('git', ['add', '--all'], { cwd: armed, env: { ...process.env, ARMED: '-armed' } });
    await ws.release('20261128-0100-aaaaaa');

    expect(existsSync(`${marker}-armed`)).toBe(true);
    expect(existsSync(marker)).toBe(false);
    expect(staged.changed).toBe(true);
    const tree = repo.git(repo.root, '--git-dir', runnerRepo(), 'ls-tree', '--name-only', staged.tree).trim().split('\n');
    // No .git of any kind is staged; the agent's real.git is just files it added.
    expect(tree).toContain('NOTES.md');
    expect(tree).not.toContain('.git');
    expect(repo.git(repo.root, '--git-dir', runnerRepo(), 'show', `${staged.tree}:NOTES.md`)).toBe('the change\n');
    expect(readFileSync(patch, 'utf8')).toContain('+the change');
  });

  it('runs nothing of a repository the agent nests in its workspace, though git would ask it for its status', async () => {
    const ws = await workspaces();
    const workspace = await ws.create('20261128-0100-aaaaaa');
    const marker = join(repo.root, 'pwned');
    // A nested repository whose filter runs on every file: git runs `git status` in a submodule it
    // finds in the index, and status cleans a file whose stat changed since that repository's index.
    const nested = join(workspace.path, 'vendor', 'evil');
    mkdirSync(nested, { recursive: true });
    repo.git(nested, 'init', '--quiet');
    writeFileSync(join(nested, 'payload.sh'), 'echo hi\n');
    repo.git(nested, 'add', 'payload.sh');
    repo.git(nested, 'commit', '--quiet', '-m', 'payload');
    // The path is in the command: the runner's git keeps the environment it was created with.
    repo.git(nested, 'config', 'filter.x.clean', `sh -c 'touch "${marker}$ARMED"; cat'`);
    writeFileSync(join(nested, '.gitattributes'), '* filter=x\n');
    utimesSync(join(nested, 'payload.sh'), new Date(Date.now() + 3_600_000), new Date(Date.now() + 3_600_000));

    // Staged, then staged again for the patch: the second `add` finds the gitlink in the index.
    const staged = await ws.stage('20261128-0100-aaaaaa', workspace.baseSha);
    expect(await ws.snapshot('20261128-0100-aaaaaa', workspace.baseSha, join(repo.root, 'session.patch'))).toBe(true);
    // The trap is armed: git's own two `add`s spring it.
    const armed = join(repo.root, 'armed');
    cpSync(workspace.path, armed, { recursive: true });
    for (let i = 0; i < 2; i++) execFileSync('git', ['add', '--all'], { cwd: armed, env: { ...process.env, ARMED: '-armed' }, stdio: 'ignore' });

    expect(existsSync(`${marker}-armed`)).toBe(true);
    expect(existsSync(marker)).toBe(false);
    // Recorded all the same, from its HEAD: a gitlink, for the guard to refuse.
    const entry = repo.git(repo.root, '--git-dir', runnerRepo(), 'ls-tree', staged.tree, 'vendor/evil').trim();
    expect(entry).toBe(`160000 commit ${repo.git(nested, 'rev-parse', 'HEAD').trim()}\tvendor/evil`);
  });

  it("leaves a base's unpopulated submodule alone, and runs nothing of a repository the agent makes in its directory", async () => {
    const other = join(repo.root, 'upstream');
    repo.git(repo.root, 'clone', '--quiet', repo.origin, other);
    const lib = repo.git(repo.root, '--git-dir', join(other, '.git'), 'rev-parse', 'HEAD').trim();
    repo.git(other, 'update-index', '--add', '--cacheinfo', `160000,${lib},vendor/lib`);
    repo.git(other, 'commit', '--quiet', '-m', 'add a submodule');
    repo.git(other, 'push', '--quiet', 'origin', 'HEAD:main');
    const ws = await workspaces();
    const workspace = await ws.create('20261128-0100-aaaaaa');
    // Checked out as git does without recursing: an empty directory, and no change.
    expect(readdirSync(join(workspace.path, 'vendor', 'lib'))).toStrictEqual([]);
    expect((await ws.stage('20261128-0100-aaaaaa', workspace.baseSha)).changed).toBe(false);

    // The agent makes a repository there at the very commit the base records (its objects are
    // readable through the workspace's alternates), so git sees an unchanged submodule and asks it
    // whether its files are modified.
    const marker = join(repo.root, 'pwned');
    const sub = join(workspace.path, 'vendor', 'lib');
    repo.git(sub, 'init', '--quiet');
    writeFileSync(join(sub, '.git', 'objects', 'info', 'alternates'), `${join(runnerRepo(), 'objects')}\n`);
    repo.git(sub, 'update-ref', 'HEAD', lib);
    writeFileSync(join(sub, 'payload.sh'), 'echo hi\n');
    repo.git(sub, 'add', 'payload.sh');
    repo.git(sub, 'config', 'filter.x.clean', `sh -c 'touch "${marker}$ARMED"; cat'`);
    writeFileSync(join(sub, '.gitattributes'), '* filter=x\n');
    utimesSync(join(sub, 'payload.sh'), new Date(Date.now() + 3_600_000), new Date(Date.now() + 3_600_000));
    const staged = await ws.stage('20261128-0100-aaaaaa', workspace.baseSha);
    // Armed: the runner's own command, without the fix, on a copy (git's plain `add --all` there).
    const armed = join(repo.root, 'armed');
    cpSync(workspace.path, armed, { recursive: true });
    execFileSync('git', ['add', '--all'], { cwd: armed, env: { ...process.env, ARMED: '-armed' }, stdio: 'ignore' });
    expect(existsSync(`${marker}-armed`)).toBe(true);
    expect(existsSync(marker)).toBe(false);
    // The same commit: no change, and nothing of the agent's repository recorded.
    expect(staged.changed).toBe(false);
    expect(repo.git(repo.root, '--git-dir', runnerRepo(), 'ls-tree', staged.tree, 'vendor/lib').trim()).toBe(`160000 commit ${lib}\tvendor/lib`);
  });

  it('refuses to stage from a workspace swapped for a symlink, and never touches where it points', async () => {
    const ws = await workspaces();
    const workspace = await ws.create('20261128-0100-aaaaaa');
    writeFileSync(join(repo.dev, 'uncommitted.txt'), 'work in progress\n');
    const clone = snapshotTree(repo.dev);
    renameSync(workspace.path, `${workspace.path}.moved`);
    symlinkSync(repo.dev, workspace.path);
    await expect(ws.stage('20261128-0100-aaaaaa', workspace.baseSha)).rejects.toThrow(/no longer the directory the runner made \(now a symlink\)/);
    await ws.release('20261128-0100-aaaaaa');
    expect(snapshotTree(repo.dev)).toStrictEqual(clone);
    expect(existsSync(workspace.path)).toBe(false);
  });

  it('saves the work of a workspace whose runner git dir is gone (a crash before it was made)', async () => {
    const ws = await workspaces();
    const workspace = await ws.create('20261128-0100-aaaaaa');
    writeFileSync(join(workspace.path, 'WIP.md'), 'half done\n');
    await ws.remove('20261128-0100-aaaaaa');
    mkdirSync(workspace.path, { recursive: true });
    writeFileSync(join(workspace.path, 'README.md'), '# widgets\n');
    writeFileSync(join(workspace.path, '.gitignore'), 'node_modules/\n');
    writeFileSync(join(workspace.path, 'WIP.md'), 'half done\n');
    const patch = join(repo.root, 'wip.patch');
    expect(await ws.snapshot('20261128-0100-aaaaaa', workspace.baseSha, patch)).toBe(true);
    const text = readFileSync(patch, 'utf8');
    expect(text).toContain('+++ b/WIP.md');
    expect(text).not.toContain('README.md');
  });
});
