import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGit } from '../../../../src/runner/git/git.js';
import { checkTestWeakening, collectTestChanges } from '../../../../src/runner/cycle/tests-check/collect-test-changes.js';

const git = createGit();
let repo: string;
let base: string;

const sh = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', ...args], { cwd: repo, encoding: 'utf8' }).trim();
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
};
/** What the runner's stage step does: the whole worktree as a tree, compared with the base commit. */
const stagedTree = () => {
  sh('add', '--all');
  return sh('write-tree');
};

const PARSE_TEST = ["import { parse } from '../../src/parse.js';", '', "it('parses minutes', () => {", "  expect(parse('5m')).toBe(300_000);", '});', ''].join('\n');
const HELPERS_TEST = Array.from({ length: 20 }, (_, i) => `export const case${i} = { input: '${i}m', ms: ${i * 60_000} };`).join('\n') + '\n';

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'overnight-weakening-'));
  sh('init', '--quiet', '--initial-branch=main');
  write('package.json', JSON.stringify({ name: 'widgets', scripts: { test: 'vitest run', build: 'tsc' } }, null, 2) + '\n');
  write('src/parse.ts', 'export const parse = (text: string) => Number.parseInt(text, 10) * 60_000;\n');
  write('test/parse.test.ts', PARSE_TEST);
  write('test/helpers.test.ts', HELPERS_TEST);
  write('test/we ird[1].test.ts', "it('a', () => {});\n");
  write('tests/test_legacy.py', 'def test_legacy():\n    assert True\n');
  write('Makefile', 'test:\n\tnpm test\n');
  sh('add', '--all');
  sh('commit', '--quiet', '-m', 'base');
  base = sh('rev-parse', 'HEAD');
});

afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('checkTestWeakening against a real repository', () => {
  it('finds every kind of weakening an agent might commit', async () => {
    write('package.json', JSON.stringify({ name: 'widgets', scripts: { test: 'vitest run --passWithNoTests', build: 'tsc' } }, null, 2) + '\n');
    write('test/parse.test.ts', PARSE_TEST.replace("it('parses", "it.skip('parses"));
    write('test/we ird[1].test.ts', "describe.only('a', () => {});\n");
    unlinkSync(join(repo, 'tests/test_legacy.py'));
    mkdirSync(join(repo, 'src/fixtures'), { recursive: true });
    renameSync(join(repo, 'test/helpers.test.ts'), join(repo, 'src/fixtures/cases.ts'));
    write('src/parse.ts', "// it.skip is not allowed here, and this is not a test file\nexport const parse = (text: string) => 0;\n");

    const result = await checkTestWeakening(git, { inTree: { cwd: repo }, base, head: stagedTree(), verifyCommand: 'npm test' });
    expect(result.findings).toStrictEqual([
      { kind: 'tests-deleted', file: 'test/helpers.test.ts', detail: 'test/helpers.test.ts renamed to src/fixtures/cases.ts, outside the test paths' },
      { kind: 'tests-deleted', file: 'tests/test_legacy.py', detail: 'tests/test_legacy.py deleted' },
      { kind: 'tests-skipped', file: 'test/parse.test.ts', detail: 'test/parse.test.ts adds it.skip' },
      { kind: 'tests-skipped', file: 'test/we ird[1].test.ts', detail: 'test/we ird[1].test.ts adds describe.only' },
      { kind: 'test-command-changed', file: 'package.json', detail: 'package.json scripts.test: "vitest run" -> "vitest run --passWithNoTests"' },
    ]);
    expect(result.warnings).toStrictEqual(['tests-deleted', 'tests-skipped', 'test-command-changed']);
  });

  it('finds nothing when the agent only adds code and tests', async () => {
    write('src/parse.ts', 'export const parse = (text: string) => (/^\\d+m$/.test(text) ? Number.parseInt(text, 10) * 60_000 : Number.NaN);\n');
    write('test/parse.test.ts', PARSE_TEST + "it('rejects junk', () => {\n  expect(parse('x')).toBeNaN();\n});\n");
    expect(await checkTestWeakening(git, { inTree: { cwd: repo }, base, head: stagedTree() })).toStrictEqual({ findings: [], warnings: [] });
  });

  it('reads lines as committed, whatever diff driver the agent’s .gitattributes names', async () => {
    // A textconv driver (here one the repository config defines) would otherwise rewrite what the diff shows.
    sh('config', 'diff.shout.textconv', 'tr a-z A-Z <');
    write('.gitattributes', '*.ts diff=shout\n');
    write('test/parse.test.ts', PARSE_TEST.replace("it('parses", "it.only('parses"));
    const result = await checkTestWeakening(git, { inTree: { cwd: repo }, base, head: stagedTree() });
    expect(result.findings.map((f) => f.detail)).toStrictEqual(['test/parse.test.ts adds it.only']);
  });

  it('compares Makefile and package.json text at both ends and diffs only what it needs', async () => {
    write('Makefile', 'test:\n\ttrue\n');
    write('README.md', '# widgets\n');
    const collected = await collectTestChanges(git, { inTree: { cwd: repo }, base, head: stagedTree() });
    expect(collected.changes).toStrictEqual([
      { status: 'M', path: 'Makefile', addedLines: [], removedLines: [] },
      { status: 'A', path: 'README.md', addedLines: [], removedLines: [] },
    ]);
    expect(collected.before).toStrictEqual(new Map([['Makefile', 'test:\n\tnpm test\n']]));
    expect(collected.after).toStrictEqual(new Map([['Makefile', 'test:\n\ttrue\n']]));
    const result = await checkTestWeakening(git, { inTree: { cwd: repo }, base, head: stagedTree() });
    expect(result.findings).toStrictEqual([{ kind: 'test-command-changed', file: 'Makefile', detail: 'Makefile target "test" changed' }]);
  });
});
