import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runnerConfigSchema, type RunnerConfig } from '../../../../src/config/runner-config.js';
import { checkGuard, parseNumstat, type FileChange } from '../../../../src/runner/cycle/guard/guard.js';
import { symlinkLeaves } from '../../../../src/runner/cycle/guard/symlink-escape.js';

const guard = (overrides: Partial<RunnerConfig['guard']> = {}): RunnerConfig['guard'] => ({
  forbidPaths: ['.github/workflows/**'],
  allowForbidden: false,
  maxChangedFiles: 200,
  maxFileBytes: 1_048_576,
  allowBinary: true,
  testPaths: [],
  tests: 'draft',
  ...overrides,
});
const change = (path: string, added = 1, deleted = 0, extra: Partial<FileChange> = {}): FileChange => ({ path, added, deleted, ...extra });

describe('checkGuard', () => {
  it('passes ordinary changes', () => {
    expect(checkGuard([change('src/a.ts', 10, 2), change('test/a.test.ts', 30)], guard())).toStrictEqual({ ok: true, reasons: [], trips: [] });
    expect(checkGuard([], guard())).toStrictEqual({ ok: true, reasons: [], trips: [] });
  });

  it('fails closed on a forbidden path, dotfile directories included', () => {
    expect(checkGuard([change('src/a.ts'), change('.github/workflows/ci.yml')], guard())).toStrictEqual({
      ok: false,
      reasons: ['.github/workflows/ci.yml matches forbidden path ".github/workflows/**"'],
      trips: [{ path: '.github/workflows/ci.yml', rule: 'forbidPaths', message: '.github/workflows/ci.yml matches forbidden path ".github/workflows/**"' }],
    });
  });

  it('by default forbids CODEOWNERS wherever GitHub reads it from, not just under .github/', () => {
    const defaults = runnerConfigSchema.parse({ repo: { path: '/r', github: 'o/r' }, schedule: { window: { start: '01:00', end: '05:00' }, every: '30m' } }).guard;
    const owners = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'].map((path) => change(path));
    expect(checkGuard([...owners, change('src/CODEOWNERS.md'), change('docs/guide.md')], defaults).trips.map((trip) => trip.path)).toStrictEqual([
      '.github/CODEOWNERS',
      'CODEOWNERS',
      'docs/CODEOWNERS',
    ]);
  });

  it('names the first matching pattern for each path', () => {
    const result = checkGuard([change('.env'), change('secrets/prod/key.pem'), change('src/.env.example')], guard({ forbidPaths: ['.env', 'secrets/**', '**/.env*'] }));
    expect(result.reasons).toStrictEqual([
      '.env matches forbidden path ".env"',
      'secrets/prod/key.pem matches forbidden path "secrets/**"',
      'src/.env.example matches forbidden path "**/.env*"',
    ]);
  });

  it('checks both sides of a rename', () => {
    const result = checkGuard([change('ci.yml', 0, 0, { oldPath: '.github/workflows/ci.yml' })], guard());
    expect(result.reasons).toStrictEqual(['.github/workflows/ci.yml (renamed to ci.yml) matches forbidden path ".github/workflows/**"']);
  });

  it('fails above the file limit, not at it', () => {
    const three = [change('a'), change('b'), change('c')];
    expect(checkGuard(three, guard({ maxChangedFiles: 3 })).ok).toBe(true);
    expect(checkGuard(three, guard({ maxChangedFiles: 2 })).reasons).toStrictEqual(['3 files changed, more than maxChangedFiles (2)']);
  });

  it('fails above the line limit, counting added and deleted, binary files as none', () => {
    const changes = [change('a', 300, 120), change('b', 80, 0), change('logo.png', 0, 0, { binary: true })];
    expect(checkGuard(changes, guard({ maxChangedLines: 500 })).ok).toBe(true);
    expect(checkGuard(changes, guard({ maxChangedLines: 499 }))).toMatchObject({
      ok: false,
      reasons: ['500 lines changed (+380 -120), more than maxChangedLines (499)'],
    });
  });

  it('lists every reason at once', () => {
    const result = checkGuard([change('.github/workflows/a.yml', 50), change('b', 60)], guard({ maxChangedFiles: 1, maxChangedLines: 100 }));
    expect(result.reasons).toHaveLength(3);
  });

  it("reports a tripped guard the same with allowForbidden set (letting it through is the caller's call)", () => {
    expect(checkGuard([change('.github/workflows/ci.yml')], guard({ allowForbidden: true }))).toMatchObject({
      ok: false,
      reasons: ['.github/workflows/ci.yml matches forbidden path ".github/workflows/**"'],
    });
  });

  it('trips on a submodule added, removed or repointed, naming the file and the rule', () => {
    const result = checkGuard(
      [change('vendor/lib', 0, 0, { oldMode: '000000', newMode: '160000' }), change('old/lib', 0, 0, { oldMode: '160000', newMode: '000000' })],
      guard(),
    );
    expect(result.trips.map(({ path, rule }) => ({ path, rule }))).toStrictEqual([
      { path: 'vendor/lib', rule: 'submodule' },
      { path: 'old/lib', rule: 'submodule' },
    ]);
    expect(result.reasons[0]).toBe('vendor/lib is a submodule (gitlink) change; an agent may not add, move or repoint submodules');
  });

  it('trips on a symlink that leads out, not on one that stays in', () => {
    const result = checkGuard(
      [change('etc', 0, 0, { symlink: { target: '/etc/passwd', leaves: true } }), change('docs/readme', 0, 0, { symlink: { target: '../README.md', leaves: false } })],
      guard(),
    );
    expect(result.reasons).toStrictEqual(['etc is a symlink to /etc/passwd, which leads outside the repository']);
  });

  it('trips above maxFileBytes, and on binary content unless allowBinary', () => {
    const big = change('data/dump.bin', 0, 0, { size: 30 * 1024 * 1024, binary: true });
    expect(checkGuard([big], guard({ allowBinary: false })).reasons).toStrictEqual([
      'data/dump.bin is 30 MB, over maxFileBytes (1 MB)',
      'data/dump.bin is a binary file, and allowBinary is off',
    ]);
    expect(checkGuard([change('a.txt', 1, 0, { size: 1_048_576 })], guard()).ok).toBe(true);
    expect(checkGuard([change('a.txt', 1, 0, { size: 1_048_577 })], guard()).trips[0]).toMatchObject({ path: 'a.txt', rule: 'maxFileBytes' });
    expect(checkGuard([change('logo.png', 0, 0, { binary: true, size: 900 })], guard({ allowBinary: true })).ok).toBe(true);
  });
});

describe('symlinkLeaves', () => {
  const links: Record<string, string> = { 'docs/current': 'v2', 'up': '..', 'deep/a': '../up/x', 'loop1': 'loop2', 'loop2': 'loop1', 'shared': 'lib/shared' };
  const readLink = async (path: string) => links[path];

  it.each([
    ['link', '/etc/passwd', true],
    ['link', '../outside', true],
    ['a/b/link', '../../../x', true],
    ['a/b/link', '../../x', false],
    ['docs/link', './current/guide.md', false],
    ['link', 'up/anything', true],
    ['x/link', '../deep/a', true],
    ['link', 'loop1', true],
    ['link', 'shared/../README.md', false],
    ['link', 'docs/current/../../README.md', false],
  ])('%s -> %s leaves: %s', async (path, target, leaves) => {
    expect(await symlinkLeaves(path, target, readLink)).toBe(leaves);
  });
});

describe('parseNumstat', () => {
  it('parses plain, binary and rename records', () => {
    const output = ['3\t1\tsrc/a.ts', '-\t-\timg/logo.png', '0\t0\t', 'old name.txt', 'new\tname.txt', '12\t0\tdir/with space/é.md', ''].join('\0');
    expect(parseNumstat(output)).toStrictEqual([
      { path: 'src/a.ts', added: 3, deleted: 1 },
      { path: 'img/logo.png', added: 0, deleted: 0, binary: true },
      { path: 'new\tname.txt', oldPath: 'old name.txt', added: 0, deleted: 0 },
      { path: 'dir/with space/é.md', added: 12, deleted: 0 },
    ]);
    expect(parseNumstat('')).toStrictEqual([]);
  });

  it('rejects output that is not numstat -z', () => {
    expect(() => parseNumstat(' M src/a.ts\n')).toThrow('unexpected `git diff --numstat -z` record: " M src/a.ts\\n"');
    expect(() => parseNumstat('1\t1\t\0only-old\0')).toThrow('truncated rename record');
  });

  describe('on real git output', () => {
    let repo: string;
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    beforeEach(() => {
      repo = mkdtempSync(join(tmpdir(), 'overnight-numstat-'));
      git('init', '-q', '-b', 'main');
      git('config', 'user.email', 't@example.com');
      git('config', 'user.name', 'T');
      mkdirSync(join(repo, '.github', 'workflows'), { recursive: true });
      writeFileSync(join(repo, 'README.md'), 'one\ntwo\nthree\n');
      writeFileSync(join(repo, 'move me.txt'), `${'same line\n'.repeat(20)}`);
      writeFileSync(join(repo, '.github', 'workflows', 'ci.yml'), 'on: push\n');
      git('add', '-A');
      git('commit', '-q', '-m', 'base');
    });
    afterEach(() => rmSync(repo, { recursive: true, force: true }));

    it('reads what an agent changed and the guard judges it', () => {
      writeFileSync(join(repo, 'README.md'), 'one\n2\nthree\nfour\n');
      execFileSync('git', ['mv', 'move me.txt', 'moved\tnow.txt'], { cwd: repo });
      writeFileSync(join(repo, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0, 255]));
      writeFileSync(join(repo, '.github', 'workflows', 'ci.yml'), 'on: [push, pull_request]\n');
      git('add', '-A');
      const changes = parseNumstat(git('diff', '--cached', '--numstat', '-z', '-M', 'HEAD'));
      expect(changes).toStrictEqual([
        { path: '.github/workflows/ci.yml', added: 1, deleted: 1 },
        { path: 'README.md', added: 2, deleted: 1 },
        { path: 'logo.png', added: 0, deleted: 0, binary: true },
        { path: 'moved\tnow.txt', oldPath: 'move me.txt', added: 0, deleted: 0 },
      ]);
      expect(checkGuard(changes, guard({ maxChangedFiles: 3, allowBinary: true })).reasons).toStrictEqual([
        '.github/workflows/ci.yml matches forbidden path ".github/workflows/**"',
        '4 files changed, more than maxChangedFiles (3)',
      ]);
    });
  });
});
