import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadRunnerConfig } from '../../src/config/load-config.js';
import { makeClone, runCli, writeScript } from './cli-harness.js';

let root: string;
let bin: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'overnight-init-cli-'));
  bin = join(root, 'bin');
  // Agents are looked for on PATH and in the user bin dirs under HOME: both are this test's own.
  vi.stubEnv('HOME', join(root, 'home'));
  vi.stubEnv('PATH', `${bin}:/usr/bin:/bin`);
  vi.stubEnv('OVERNIGHT_HOME', join(root, 'overnight'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

const LANGUAGES: Array<[string, Record<string, string>, string | undefined]> = [
  ['node', { 'package.json': JSON.stringify({ scripts: { test: 'vitest run' } }) }, 'npm test'],
  ['make', { Makefile: 'build:\n\tcc main.c\n\ntest: build\n\t./run-tests\n' }, 'make test'],
  ['python', { 'pyproject.toml': '[project]\nname = "widgets"\n' }, 'pytest'],
  ['rust', { 'Cargo.toml': '[package]\nname = "widgets"\n' }, 'cargo test'],
  ['go', { 'go.mod': 'module example.com/widgets\n\ngo 1.22\n' }, 'go test ./...'],
  ['plain', { 'notes.txt': 'no tests here\n' }, undefined],
];

describe('overnight init', () => {
  it.each(LANGUAGES)('a %s repository: detects its test command, writes a config that loads with token "store"', async (name, files, verify) => {
    const clone = makeClone(root, name, files);
    writeScript(bin, 'codex', 'echo codex-cli 0.46.0');
    const result = await runCli('init', '--repo', clone, '--timezone', 'Europe/Berlin');
    expect(result.code, result.stderr).toBe(0);
    const file = join(root, 'overnight', 'config.json');
    expect(result.stdout.split('\n')[0]).toBe(`wrote ${file} for acme/${name}`);
    const loaded = await loadRunnerConfig(file);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.config.repo).toStrictEqual({ path: clone, remote: 'origin', base: 'main', github: `acme/${name}` });
    expect(loaded.config.github.token).toBe('store');
    expect(loaded.config.schedule.timezone).toBe('Europe/Berlin');
    expect(loaded.config.verify.command).toBe(verify);
    expect(loaded.config.agents.default).toBe('codex');
    expect(readFileSync(file, 'utf8')).toMatch(/^\s*"\$schema": "file:\/\/\/.*\/schema\/runner-config\.schema\.json",$/m);
  });

  it('takes the first agent found, claude before codex, and says when none is installed', async () => {
    const clone = makeClone(root, 'widgets', {});
    let result = await runCli('init', '--repo', clone, '--config', join(root, 'none.json'));
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('note: no agent CLI found (claude, codex, aider)');
    expect(readFileSync(join(root, 'none.json'), 'utf8')).toContain('none was found on this machine yet');
    expect(result.stdout).toContain(`overnight doctor --config ${join(root, 'none.json')}`);

    writeScript(bin, 'codex', 'echo codex');
    writeScript(bin, 'claude', 'echo claude');
    result = await runCli('init', '--repo', clone, '--config', join(root, 'both.json'));
    const loaded = await loadRunnerConfig(join(root, 'both.json'));
    expect(loaded.ok && loaded.config.agents.default).toBe('claude-code');
    expect(readFileSync(join(root, 'both.json'), 'utf8')).toContain('found on this machine: claude-code, codex');
  });

  it('reads GitHub Enterprise from an https remote, and prints the next three steps', async () => {
    const clone = makeClone(root, 'gadgets', {}, 'https://ghe.acme.test/platform/gadgets.git');
    const result = await runCli('init', '--repo', clone);
    const loaded = await loadRunnerConfig(join(root, 'overnight', 'config.json'));
    expect(loaded.ok && loaded.config.github).toStrictEqual({ apiUrl: 'https://ghe.acme.test/api/v3', token: 'store' });
    expect(loaded.ok && loaded.config.repo.github).toBe('platform/gadgets');
    expect(result.stdout).toContain('  1. overnight auth login\n');
    expect(result.stdout).toContain('  2. overnight doctor\n');
    expect(result.stdout).toContain('  3. overnight once --dry-run\n');
  });

  it('flags override what was found; --verify - means none', async () => {
    const clone = makeClone(root, 'widgets', { 'go.mod': 'module w\n' });
    const result = await runCli('init', '--repo', clone, '--github', 'other/name', '--base', 'develop', '--verify', '-', '--agent', 'aider');
    expect(result.code, result.stderr).toBe(0);
    const loaded = await loadRunnerConfig(join(root, 'overnight', 'config.json'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.config.repo).toMatchObject({ github: 'other/name', base: 'develop' });
    expect(loaded.config.verify.command).toBeUndefined();
    expect(loaded.config.agents.default).toBe('aider');
  });

  it('exit 2 saying what to do: an existing config without --force, a directory that is no repository', async () => {
    const clone = makeClone(root, 'widgets', {});
    const file = join(root, 'mine.json');
    writeFileSync(file, '{ "mine": true }');
    let result = await runCli('init', '--repo', clone, '--config', file);
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: `overnight init: ${file} already exists: edit it, or pass --force to replace it\n` });
    expect(readFileSync(file, 'utf8')).toBe('{ "mine": true }');
    expect((await runCli('init', '--repo', clone, '--config', file, '--force')).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('"github": "acme/widgets"');

    result = await runCli('init', '--repo', root, '--config', join(root, 'x.json'));
    expect(result).toMatchObject({ code: 2, stderr: `overnight init: ${root} is not inside a git repository: run \`overnight init\` in your clone, or pass --repo PATH\n` });
    expect(existsSync(join(root, 'x.json'))).toBe(false);
  });
});
