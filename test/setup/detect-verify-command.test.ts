import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectVerifyCommand } from '../../src/setup/detect-verify-command.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'overnight-verify-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (files: Record<string, string>) => {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
};
const pkg = (test?: string) => JSON.stringify({ name: 'w', scripts: test === undefined ? { build: 'tsc' } : { test } });
// What `npm init -y` writes.
const NPM_INIT_TEST = 'echo "Error: no test specified" && exit 1';

describe('detectVerifyCommand', () => {
  it.each([
    [{ 'package.json': pkg('vitest run') }, 'npm test', 'package.json has a test script'],
    [{ 'package.json': pkg('vitest run'), 'pnpm-lock.yaml': '' }, 'pnpm test', 'package.json has a test script and pnpm-lock.yaml is present'],
    [{ 'package.json': pkg('jest'), 'yarn.lock': '' }, 'yarn test', 'package.json has a test script and yarn.lock is present'],
    [{ 'package.json': pkg('bun test'), 'bun.lock': '' }, 'bun run test', 'package.json has a test script and bun.lock is present'],
    [{ Makefile: 'build:\n\tcc -o app app.c\n\ntest: build\n\t./run-tests\n' }, 'make test', 'Makefile has a test target'],
    [{ Makefile: '.PHONY: lint test\nlint test:\n\t./check\n' }, 'make test', 'Makefile has a test target'],
    [{ 'pyproject.toml': '[project]\nname = "w"\n' }, 'pytest', 'pyproject.toml is present'],
    [{ 'pytest.ini': '[pytest]\n' }, 'pytest', 'pytest.ini is present'],
    [{ 'setup.cfg': '[metadata]\nname = w\n\n[tool:pytest]\ntestpaths = tests\n' }, 'pytest', 'setup.cfg has a [tool:pytest] section'],
    [{ 'Cargo.toml': '[package]\nname = "w"\n' }, 'cargo test', 'Cargo.toml is present'],
    [{ 'go.mod': 'module example.com/w\n' }, 'go test ./...', 'go.mod is present'],
  ])('%j -> %s', async (files, command, from) => {
    write(files);
    expect(await detectVerifyCommand(dir)).toStrictEqual({ command, from });
  });

  it('skips npm’s placeholder test script and goes on to the next kind', async () => {
    write({ 'package.json': pkg(NPM_INIT_TEST), 'go.mod': 'module example.com/w\n' });
    expect(await detectVerifyCommand(dir)).toStrictEqual({ command: 'go test ./...', from: 'go.mod is present' });
  });

  it('takes the first match in order: package.json before Makefile before pytest', async () => {
    write({ 'package.json': pkg('node --test'), Makefile: 'test:\n\tmake -C t\n', 'pyproject.toml': '' });
    expect((await detectVerifyCommand(dir))?.command).toBe('npm test');
    write({ 'package.json': pkg() });
    expect((await detectVerifyCommand(dir))?.command).toBe('make test');
  });

  it('is not fooled by a variable named test, .PHONY alone, or a Makefile make does not read', async () => {
    write({ Makefile: '.PHONY: test\ntest := unit\nall:\n\techo $(test)\n' });
    expect(await detectVerifyCommand(dir)).toBeUndefined();
    // make reads GNUmakefile first, so a test target in Makefile beside it never runs.
    write({ GNUmakefile: 'all:\n\ttrue\n', Makefile: 'test:\n\ttrue\n' });
    expect(await detectVerifyCommand(dir)).toBeUndefined();
  });

  it('finds nothing in an empty directory or with a broken package.json', async () => {
    expect(await detectVerifyCommand(dir)).toBeUndefined();
    write({ 'package.json': '{ "scripts": { "test": ' });
    expect(await detectVerifyCommand(dir)).toBeUndefined();
    write({ 'setup.cfg': '[metadata]\nname = w\n' });
    expect(await detectVerifyCommand(dir)).toBeUndefined();
  });
});
