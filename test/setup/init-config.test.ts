import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRunnerConfig } from '../../src/config/load-config.js';
import { initConfig, type InitOptions } from '../../src/setup/init-config.js';

let root: string;
let clone: string;
let configFile: string;

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', ...args], { cwd, encoding: 'utf8' });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'overnight-init-'));
  const origin = join(root, 'origin.git');
  clone = join(root, 'widgets');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  git(root, 'init', '--quiet', '--initial-branch=main', clone);
  git(clone, 'config', `url.${origin}.insteadOf`, 'git@github.com:acme/widgets.git');
  git(clone, 'remote', 'add', 'origin', 'git@github.com:acme/widgets.git');
  writeFileSync(join(clone, 'Cargo.toml'), '[package]\nname = "widgets"\n');
  git(clone, 'add', '--all');
  git(clone, 'commit', '--quiet', '-m', 'initial');
  git(clone, 'push', '--quiet', 'origin', 'main');
  git(clone, 'fetch', '--quiet', 'origin');
  git(clone, 'remote', 'set-head', 'origin', '--auto');
  configFile = join(root, 'config', 'overnight', 'config.json');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function io(...typed: string[]) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => {
    shown += chunk.toString();
  });
  input.end(typed.map((line) => `${line}\n`).join(''));
  return { input, output, shown: () => shown };
}

const options = (extra: Partial<InitOptions> = {}): InitOptions => ({
  yes: true,
  configFile,
  detectOptions: { repoPath: clone, findExecutable: () => undefined, timeZone: () => 'Asia/Tokyo' },
  render: { home: '/nonexistent-home' },
  ...io(),
  ...extra,
});

describe('initConfig', () => {
  it('--yes: detects, writes a config the loader accepts, and prints what it could not detect', async () => {
    const streams = io();
    const result = await initConfig(options(streams));
    expect(result.file).toBe(configFile);
    expect(readFileSync(configFile, 'utf8')).toBe(result.text);
    expect(statSync(join(root, 'config', 'overnight')).mode & 0o777).toBe(0o700);
    expect(streams.shown()).toBe('note: no agent CLI found (claude, codex, aider): install one, e.g. `npm i -g @anthropic-ai/claude-code`\n');
    const parsed = parseRunnerConfig(result.text.replace('"token": "store"', '"token": "env"'), { file: configFile, env: {} });
    expect(parsed.ok && parsed.config).toMatchObject({
      repo: { path: clone, remote: 'origin', base: 'main', github: 'acme/widgets' },
      schedule: { timezone: 'Asia/Tokyo' },
      verify: { command: 'cargo test' },
      agents: { default: 'claude-code' },
    });
  });

  it('asks on a terminal and writes the typed answers', async () => {
    const result = await initConfig(options({ yes: false, ...io('', '', 'release', '', '-', 'aider') }));
    expect(result.answers).toMatchObject({ base: 'release', defaultAgent: 'aider' });
    expect(result.answers.verifyCommand).toBeUndefined();
    expect(result.text).toContain('// "verify": { "command": "npm test" },');
  });

  it('never replaces an existing config without --force, and asks nothing before saying so', async () => {
    await initConfig(options());
    writeFileSync(configFile, '{ "mine": true }');
    const streams = io('acme/widgets');
    await expect(initConfig(options({ yes: false, ...streams }))).rejects.toThrow(`${configFile} already exists: edit it, or pass --force to replace it`);
    expect(streams.shown()).toBe('');
    expect(readFileSync(configFile, 'utf8')).toBe('{ "mine": true }');
    await initConfig(options({ force: true }));
    expect(readFileSync(configFile, 'utf8')).toContain('"github": "acme/widgets"');
    expect(existsSync(`${configFile}.${process.pid}.tmp`)).toBe(false);
  });
});
