import { describe, expect, it } from 'vitest';
import { changedSections, makeRule, sections } from '../../../../src/runner/cycle/tests-check/config-sections.js';
import { testCommandChanges, type FileSides } from '../../../../src/runner/cycle/tests-check/test-command-changes.js';
import { verifyEntryPoints } from '../../../../src/runner/cycle/tests-check/verify-entry-points.js';

const modified = (path: string, before: string, after: string, changedLines: string[] = []): FileSides => ({ path, before, after, existedBefore: true, existsAfter: true, changedLines });
const npmTest = verifyEntryPoints('npm test');

describe('verifyEntryPoints', () => {
  it('always watches the test script and target, with npm’s pre and post hooks', () => {
    expect(verifyEntryPoints(undefined)).toStrictEqual({ npmScripts: ['pretest', 'test', 'posttest'], makeTargets: ['test'] });
  });

  it('adds the scripts and targets the verify command names', () => {
    expect(verifyEntryPoints('npm ci && npm run test:unit -- --coverage').npmScripts).toContain('test:unit');
    expect(verifyEntryPoints('CI=1 pnpm check').npmScripts).toContain('check');
    expect(verifyEntryPoints('yarn run verify; bun run lint').npmScripts).toStrictEqual(['pretest', 'test', 'posttest', 'preverify', 'verify', 'postverify', 'prelint', 'lint', 'postlint']);
    expect(verifyEntryPoints('npm install && npx vitest run').npmScripts).toStrictEqual(['pretest', 'test', 'posttest']);
    expect(verifyEntryPoints('make -C backend -j 4 ci lint V=1').makeTargets).toStrictEqual(['test', 'ci', 'lint']);
  });
});

describe('testCommandChanges', () => {
  it('reports a changed test script with both values', () => {
    const before = JSON.stringify({ name: 'w', scripts: { test: 'vitest run', build: 'tsc' } });
    const after = JSON.stringify({ name: 'w', scripts: { test: 'vitest run --passWithNoTests', build: 'tsc -b' } });
    expect(testCommandChanges(modified('package.json', before, after), npmTest)).toStrictEqual(['package.json scripts.test: "vitest run" -> "vitest run --passWithNoTests"']);
  });

  it('ignores other scripts and formatting, and watches the ones verify runs', () => {
    const before = '{"scripts":{"test":"jest","lint":"eslint ."}}';
    const after = '{\n  "scripts": {\n    "test": "jest",\n    "lint": "eslint src"\n  }\n}\n';
    expect(testCommandChanges(modified('package.json', before, after), npmTest)).toStrictEqual([]);
    expect(testCommandChanges(modified('packages/api/package.json', before, after), verifyEntryPoints('npm run lint'))).toStrictEqual(['packages/api/package.json scripts.lint: "eslint ." -> "eslint src"']);
  });

  it('reports an added pretest hook, a deleted package.json and the jest key', () => {
    expect(testCommandChanges(modified('package.json', '{"scripts":{"test":"jest"}}', '{"scripts":{"test":"jest","pretest":"exit 0"}}'), npmTest)).toStrictEqual(['package.json scripts.pretest: (none) -> "exit 0"']);
    expect(testCommandChanges({ path: 'package.json', before: '{"scripts":{"test":"jest"}}', existedBefore: true, existsAfter: false, changedLines: [] }, npmTest)).toStrictEqual(['package.json scripts.test: "jest" -> (none)']);
    expect(testCommandChanges(modified('package.json', '{"jest":{"testPathIgnorePatterns":[]}}', '{"jest":{"testPathIgnorePatterns":["parser"]}}'), npmTest)).toStrictEqual(['package.json "jest" settings changed']);
  });

  it('says so when package.json no longer parses, or could not be read', () => {
    expect(testCommandChanges(modified('package.json', '{"scripts":{"test":"jest"}}', '{"scripts":'), npmTest)).toStrictEqual(['package.json changed and does not parse as JSON, so its test script cannot be compared']);
    expect(testCommandChanges({ path: 'package.json', existedBefore: true, existsAfter: true, changedLines: [] }, npmTest)).toStrictEqual(['package.json changed; its test settings could not be compared']);
  });

  it('reports any change to a test runner’s own config file', () => {
    const add = (path: string): FileSides => ({ path, after: '', existedBefore: false, existsAfter: true, changedLines: [] });
    expect(testCommandChanges(modified('vitest.config.ts', 'a', 'b'), npmTest)).toStrictEqual(['vitest.config.ts changed']);
    expect(testCommandChanges(add('packages/web/jest.config.mjs'), npmTest)).toStrictEqual(['packages/web/jest.config.mjs added']);
    expect(testCommandChanges({ path: '.mocharc.yml', before: 'spec: test', existedBefore: true, existsAfter: false, changedLines: [] }, npmTest)).toStrictEqual(['.mocharc.yml deleted']);
    expect(testCommandChanges(modified('pytest.ini', '[pytest]', '[pytest]\naddopts = -k "not slow"'), npmTest)).toStrictEqual(['pytest.ini changed']);
    expect(testCommandChanges(modified('src/jest.setup.ts', 'a', 'b'), npmTest)).toStrictEqual([]);
  });

  it('reports a Vite config only when a changed line configures tests', () => {
    expect(testCommandChanges(modified('vite.config.ts', 'a', 'b', ['    port: 5174,']), npmTest)).toStrictEqual([]);
    expect(testCommandChanges(modified('vite.config.ts', 'a', 'b', ["      exclude: ['test/parser.test.ts'],"]), npmTest)).toStrictEqual(['vite.config.ts changed lines that configure tests']);
  });

  it('compares pytest’s and tox’s sections, not the rest of the file', () => {
    const pyproject = (addopts: string, version: string) => `[project]\nname = "w"\nversion = "${version}"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\naddopts = "${addopts}"\n\n[tool.ruff]\nline-length = 100\n`;
    expect(testCommandChanges(modified('pyproject.toml', pyproject('-q', '1.0'), pyproject('-q', '1.1')), npmTest)).toStrictEqual([]);
    expect(testCommandChanges(modified('pyproject.toml', pyproject('-q', '1.0'), pyproject('-q --deselect tests/test_a.py', '1.0')), npmTest)).toStrictEqual(['pyproject.toml [tool.pytest.ini_options] changed']);
    expect(testCommandChanges(modified('setup.cfg', '[metadata]\nname = w\n[tool:pytest]\ntestpaths=tests\n', '[metadata]\nname = w2\n[tool:pytest]\n# the suite\ntestpaths = tests\n'), npmTest)).toStrictEqual([]);
    expect(testCommandChanges(modified('tox.ini', '[tox]\nenvlist = py312\n[testenv]\ncommands = pytest\n', '[tox]\nenvlist = py312\n[testenv]\ncommands = pytest -x tests/unit\n'), npmTest)).toStrictEqual(['tox.ini [testenv] changed']);
  });

  it('compares the Makefile rules verify runs', () => {
    const makefile = (recipe: string) => `.PHONY: test build\n\nbuild:\n\tgo build ./...\n\ntest: build\n\t${recipe}\n\nlint:\n\tgolangci-lint run\n`;
    expect(testCommandChanges(modified('Makefile', makefile('go test ./...'), makefile('go test ./...').replace('golangci-lint run', 'true')), npmTest)).toStrictEqual([]);
    expect(testCommandChanges(modified('Makefile', makefile('go test ./...'), makefile('go test ./cmd/...')), npmTest)).toStrictEqual(['Makefile target "test" changed']);
    expect(testCommandChanges(modified('Makefile', makefile('go test ./...'), makefile('go test ./...').replace('golangci-lint run', 'true')), verifyEntryPoints('make lint'))).toStrictEqual(['Makefile target "lint" changed']);
  });
});

describe('config sections', () => {
  it('reads INI and TOML sections, ignoring comments and spacing around =', () => {
    const text = '[a]\nx=1\n; note\n[[b.c]]\ny = 2\n[a]\nz = 3\n';
    expect(sections(text, () => true)).toStrictEqual(new Map([['a', 'x = 1\nz = 3'], ['b.c', 'y = 2']]));
    expect(changedSections(new Map([['a', '1']]), new Map([['b', '1']]))).toStrictEqual(['a', 'b']);
  });

  it('reads a make rule with its prerequisites and recipe, and none for a variable', () => {
    expect(makeRule('test := x\ntest: lint unit\n\t@echo go\n\n\tpytest\nother:\n', 'test')).toBe('lint unit\n@echo go\npytest');
    expect(makeRule('check:\n\ttrue\n', 'test')).toBeUndefined();
  });
});
