import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGit } from '../../../src/runner/git/git.js';
import { openRunnerRepo } from '../../../src/runner/git/runner-repo.js';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.js';
import { snapshotTree } from '../helpers/tree-snapshot.js';

let repo: TempRepo;
beforeEach(() => {
  repo = createTempRepo();
});
afterEach(() => repo.cleanup());

const git = createGit();
const path = () => join(repo.dataDir, 'repo.git');
const open = (clonePath = repo.dev) => openRunnerRepo({ git, path: path(), clonePath, remote: 'origin', base: 'main' });

/** The origin keeps its refs but loses every object: only a fetch that finds them elsewhere succeeds. */
function emptyOriginObjects(): void {
  const objects = join(repo.origin, 'objects');
  for (const entry of readdirSync(objects)) if (entry !== 'info' && entry !== 'pack') rmSync(join(objects, entry), { recursive: true });
  for (const pack of readdirSync(join(objects, 'pack'))) rmSync(join(objects, 'pack', pack));
}

describe("the runner's repository", () => {
  it("borrows the clone's objects for its first fetch, then holds its own and leaves the clone as it was", async () => {
    const clone = snapshotTree(repo.dev);
    const base = repo.git(repo.dev, 'rev-parse', 'HEAD').trim();
    emptyOriginObjects();
    // Without the clone's objects, nothing can be fetched from this origin any more.
    const alone = join(repo.root, 'alone.git');
    repo.git(repo.root, 'init', '--quiet', '--bare', alone);
    expect(() => repo.git(repo.root, '--git-dir', alone, 'fetch', '--quiet', repo.origin, 'main')).toThrow();
    const opened = await open();
    expect(opened).toMatchObject({ path: path(), fetchUrl: repo.origin, pushUrl: repo.origin, objectFormat: 'sha1' });
    expect(repo.git(repo.root, '--git-dir', path(), 'rev-parse', 'refs/remotes/origin/main').trim()).toBe(base);
    expect(existsSync(join(path(), 'objects', 'info', 'alternates'))).toBe(false);
    expect(snapshotTree(repo.dev)).toStrictEqual(clone);
    // The clone can go; the runner's repository still has every object it refers to.
    rmSync(repo.dev, { recursive: true });
    repo.git(repo.root, '--git-dir', path(), 'fsck', '--connectivity-only', '--no-dangling');
    expect(repo.git(repo.root, '--git-dir', path(), 'show', `${base}:README.md`)).toBe('# widgets\n');
  });

  it('fetches everything from the remote for a shallow clone, whose objects it must not trust', async () => {
    const shallow = join(repo.root, 'shallow');
    repo.git(repo.root, 'clone', '--quiet', '--depth', '1', `file://${repo.origin}`, shallow);
    await openRunnerRepo({ git, path: path(), clonePath: shallow, remote: 'origin', base: 'main' });
    repo.git(repo.root, '--git-dir', path(), 'fsck', '--connectivity-only', '--no-dangling');
    expect(existsSync(join(path(), 'objects', 'info', 'alternates'))).toBe(false);
  });

  it('puts back its config and removes files git would obey that only someone else could have written', async () => {
    const opened = await open();
    expect(await opened.repair()).toStrictEqual([]);
    const config = readFileSync(join(path(), 'config'), 'utf8');
    const elsewhere = join(repo.root, 'elsewhere.config');
    writeFileSync(elsewhere, 'kept\n');
    rmSync(join(path(), 'config'));
    // A symlink in its place: the config must not be written through it.
    symlinkSync(elsewhere, join(path(), 'config'));
    mkdirSync(join(path(), 'info'), { recursive: true });
    writeFileSync(join(path(), 'info', 'exclude'), '*\n');
    writeFileSync(join(path(), 'objects', 'info', 'alternates'), `${join(repo.dev, '.git', 'objects')}\n`);
    expect(await opened.repair()).toStrictEqual(['config', 'info/exclude', 'objects/info/alternates']);
    expect(readFileSync(join(path(), 'config'), 'utf8')).toBe(config);
    expect(readFileSync(elsewhere, 'utf8')).toBe('kept\n');
    expect(existsSync(join(path(), 'objects', 'info', 'alternates'))).toBe(false);
    expect(await opened.repair()).toStrictEqual([]);
  });

  it('reads the remote and push URLs from the clone and fetches a branch into its own namespace', async () => {
    repo.git(repo.dev, 'remote', 'set-url', '--push', 'origin', join(repo.root, 'push.git'));
    const opened = await open();
    expect(opened).toMatchObject({ fetchUrl: repo.origin, pushUrl: join(repo.root, 'push.git') });
    expect(await opened.fetch('main')).toBe(repo.git(repo.dev, 'rev-parse', 'HEAD').trim());
    expect(repo.git(repo.root, '--git-dir', path(), 'for-each-ref', '--format=%(refname)')).toBe('refs/remotes/origin/main\n');
  });
});
